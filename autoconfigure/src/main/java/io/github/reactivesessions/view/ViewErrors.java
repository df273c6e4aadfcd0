package io.github.reactivesessions.view;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.reactivesessions.session.DatabaseFailures;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.core.codec.CodecException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.relational.core.mapping.RelationalPersistentEntity;
import org.springframework.data.relational.core.mapping.RelationalPersistentProperty;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;

/**
 * Turns what goes wrong with a view's input into {@link ViewException ViewExceptions}, and
 * those into problem-detail responses.
 */
final class ViewErrors {

	private static final Log logger = LogFactory.getLog(ViewErrors.class);

	/**
	 * Longest piece of client input or decoder message repeated in a detail.
	 */
	private static final int MAX_ECHO = 200;

	// The length PostgreSQL names in "value too long for type character varying(255)",
	// which names no column.
	private static final Pattern TYPE_LENGTH = Pattern.compile("(?i)character(?: varying)?\\((\\d+)\\)");

	private ViewErrors() {
	}

	static Mono<ServerResponse> render(ViewException ex, URI requestUri) {
		ProblemDetail body = withInstance(ex, requestUri);
		return ServerResponse.status(ex.getStatusCode())
			.headers((headers) -> headers.putAll(ex.getHeaders()))
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyValue(body);
	}

	static ResponseEntity<ProblemDetail> entity(ViewException ex, URI requestUri) {
		return ResponseEntity.status(ex.getStatusCode())
			.headers(ex.getHeaders())
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(withInstance(ex, requestUri));
	}

	private static ProblemDetail withInstance(ViewException ex, URI requestUri) {
		ProblemDetail body = ex.getBody();
		if (body.getInstance() == null && requestUri.getRawPath() != null) {
			body.setInstance(URI.create(requestUri.getRawPath()));
		}
		return body;
	}

	/**
	 * Whether reading a body failed because of the body rather than the server: it is not
	 * JSON, does not map to the type, is larger than the codecs read, or comes in a content
	 * type no decoder reads or that is not a media type at all.
	 */
	static boolean isBodyError(Throwable ex) {
		return ex instanceof ServerWebInputException || ex instanceof UnsupportedMediaTypeStatusException
				|| ex instanceof InvalidMediaTypeException || limitExceeded(ex) != null;
	}

	static ViewException bodyError(Throwable ex, String expected) {
		DataBufferLimitException limit = limitExceeded(ex);
		if (limit != null) {
			return ViewException.payloadTooLarge("The request body is larger than this server reads (%s): send %s "
				.formatted(echo(limit.getMessage()), expected) + "in fewer bytes", ex);
		}
		if (ex instanceof InvalidMediaTypeException invalid) {
			return ViewException.unsupportedMediaType("Content-Type '%s' is not a media type (%s): send %s as "
				.formatted(echo(invalid.getMediaType()), echo(invalid.getMessage()), expected) + "application/json", ex);
		}
		if (ex instanceof UnsupportedMediaTypeStatusException unsupported) {
			MediaType contentType = unsupported.getContentType();
			return ViewException.unsupportedMediaType("Content-Type '%s' is not supported: send %s as application/json"
				.formatted((contentType != null) ? contentType : "", expected), ex);
		}
		Throwable reason = (ex.getCause() instanceof CodecException codec) ? codec : ex;
		return ViewException.badBody(
				"The request body does not map to %s: %s".formatted(expected, echo(reason.getMessage())), ex);
	}

	/**
	 * Map a write's failure to what the client sent wrong: a value its column cannot hold
	 * or a missing required value to a 400 naming the field where it can be found, a
	 * duplicate key to a 409, another constraint to a 400; the database's own message on a
	 * constraint stays in the log, since it names the schema.
	 * @param ex the failure of the write
	 * @param entity the written entity's mapping
	 * @param values the values written, by property name, for finding the field at fault
	 */
	static Throwable writeError(Throwable ex, RelationalPersistentEntity<?> entity, List<Map<String, Object>> values) {
		String model = entity.getType().getSimpleName();
		boolean valueOutOfColumn = DatabaseFailures.isValueOutOfColumn(ex);
		boolean missingValue = DatabaseFailures.isMissingValue(ex);
		if (!valueOutOfColumn && !missingValue && !(ex instanceof DataIntegrityViolationException)) {
			return ex;
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Write of %s rejected by the database".formatted(model), ex);
		}
		if (valueOutOfColumn || missingValue) {
			String field = fieldAtFault(ex, entity, values);
			String problem = valueOutOfColumn ? "does not fit its column" : "is required";
			if (field == null) {
				return ViewException.badBody("A value of the %s %s: %s".formatted(model, problem,
						echo(deepestMessage(ex))), ex);
			}
			return ViewException.badField(field, "%s of the %s %s: %s".formatted(field, model, problem,
					echo(deepestMessage(ex))), ex);
		}
		if (ex instanceof DuplicateKeyException) {
			return ViewException.conflict("A %s with the same key already exists".formatted(model), ex);
		}
		return ViewException.badBody("The %s violates a constraint of its table".formatted(model), ex);
	}

	/**
	 * The property whose value the database refused: the one of the column its message
	 * names, else the string longer than the length PostgreSQL names, else a string with a
	 * NUL (which PostgreSQL refuses in text).
	 */
	private static @Nullable String fieldAtFault(Throwable ex, RelationalPersistentEntity<?> entity,
			List<Map<String, Object>> values) {
		String column = DatabaseFailures.columnOf(ex);
		if (column != null) {
			for (RelationalPersistentProperty property : entity) {
				if (property.getColumnName().getReference().equalsIgnoreCase(column)
						|| property.getName().equalsIgnoreCase(column)) {
					return property.getName();
				}
			}
		}
		Matcher length = TYPE_LENGTH.matcher(deepestMessage(ex));
		int maxLength = length.find() ? Integer.parseInt(length.group(1)) : -1;
		for (Map<String, Object> written : values) {
			for (Map.Entry<String, Object> value : written.entrySet()) {
				if (value.getValue() instanceof String text
						&& ((maxLength >= 0 && text.length() > maxLength) || text.indexOf('\u0000') >= 0)) {
					return value.getKey();
				}
			}
		}
		return null;
	}

	private static String deepestMessage(Throwable ex) {
		String message = ex.getMessage();
		for (Throwable cause = ex.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
			if (cause.getMessage() != null) {
				message = cause.getMessage();
			}
		}
		return String.valueOf(message);
	}

	private static @Nullable DataBufferLimitException limitExceeded(Throwable ex) {
		for (Throwable cause = ex; cause != null && cause != cause.getCause(); cause = cause.getCause()) {
			if (cause instanceof DataBufferLimitException limit) {
				return limit;
			}
		}
		return null;
	}

	/**
	 * Client input or a decoder message as repeated in a detail: its first line, shortened.
	 */
	static String echo(@Nullable String text) {
		if (text == null) {
			return "";
		}
		int newline = text.indexOf('\n');
		String line = (newline >= 0) ? text.substring(0, newline) : text;
		return (line.length() > MAX_ECHO) ? line.substring(0, MAX_ECHO) + "..." : line;
	}

}
