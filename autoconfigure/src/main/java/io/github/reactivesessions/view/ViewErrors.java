package io.github.reactivesessions.view;

import java.net.URI;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.core.codec.CodecException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;

/**
 * Turns what goes wrong with a view's input into {@link ViewException ViewExceptions}, and
 * those into problem-detail responses.
 *
 * @author reactive-sessions
 */
final class ViewErrors {

	private static final Log logger = LogFactory.getLog(ViewErrors.class);

	/**
	 * Longest piece of client input or decoder message repeated in a detail.
	 */
	private static final int MAX_ECHO = 200;

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
	 * JSON, does not map to the type, or comes in a content type no decoder reads.
	 */
	static boolean isBodyError(Throwable ex) {
		return ex instanceof ServerWebInputException || ex instanceof UnsupportedMediaTypeStatusException;
	}

	static ViewException bodyError(Throwable ex, String expected) {
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
	 * Map a write's integrity violation to a 409 (a duplicate key) or a 400 (another
	 * constraint, such as a missing required value); the database's own message stays in
	 * the log, since it names the schema.
	 */
	static Throwable writeError(Throwable ex, Class<?> model) {
		if (!(ex instanceof DataIntegrityViolationException)) {
			return ex;
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Write of %s rejected by the database".formatted(model.getSimpleName()), ex);
		}
		if (ex instanceof DuplicateKeyException) {
			return ViewException.conflict("A %s with the same key already exists".formatted(model.getSimpleName()), ex);
		}
		return ViewException.badBody("The %s violates a constraint of its table".formatted(model.getSimpleName()),
				ex);
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
