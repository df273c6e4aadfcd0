package io.github.reactivesessions.web;

import java.time.Duration;

import io.github.reactivesessions.session.CommitOutcomeUnknownException;
import io.github.reactivesessions.session.DatabaseFailures;
import io.github.reactivesessions.session.ConnectionUnavailableException;
import org.jspecify.annotations.Nullable;

import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.ProblemDetail;
import org.springframework.web.server.ResponseStatusException;

/**
 * The answers to failures that come from the database, as the session filter writes them:
 *
 * <ul>
 * <li>no connection could be had or kept ({@link ConnectionUnavailableException}, or a
 * broken connection of Spring data access outside sessions): {@code 503} with
 * {@code Retry-After}, naming the bind;</li>
 * <li>a connection that broke while the commit was on its way
 * ({@link CommitOutcomeUnknownException}): {@code 503} without {@code Retry-After}, with an
 * {@code outcome} of {@code unknown};</li>
 * <li>a value its column cannot hold (SQLSTATE class 22: too long, invalid characters, out
 * of range): {@code 400}, naming the column when the database does;</li>
 * <li>a missing required value (a NOT NULL column): {@code 400}; another integrity
 * violation (a duplicate key): {@code 409};</li>
 * <li>and two client errors WebFlux itself answers with a 500: a body larger than the
 * codecs buffer ({@code DataBufferLimitException}): {@code 413}; a {@code Content-Type} that
 * is not a media type ({@code InvalidMediaTypeException}): {@code 415}.</li>
 * </ul>
 *
 * Other failures are not answered here.
 *
 * @author reactive-sessions
 */
final class FailureResponses {

	private static final int MAX_ECHO = 200;

	private FailureResponses() {
	}

	/**
	 * The response for a failure, or {@code null} when it is not one of those answered here.
	 * @param failure the failure of the request
	 * @param retryAfter the wait a 503 asks its client for
	 * @return the status, headers and problem detail to answer with
	 */
	static @Nullable ResponseStatusException answer(Throwable failure, Duration retryAfter) {
		if (failure instanceof ConnectionUnavailableException unavailable) {
			return serviceUnavailable(unavailable.getMessage(), unavailable.getKey(), retryAfter, failure);
		}
		if (failure instanceof CommitOutcomeUnknownException unknown) {
			ResponseStatusException answer = serviceUnavailable(unknown.getMessage(), unknown.getKey(), null, failure);
			answer.getBody().setProperty("outcome", "unknown");
			return answer;
		}
		if (DatabaseFailures.isConnectionLost(failure) || isObtainFailure(failure)) {
			// Spring data access outside any session: no bind to name.
			return serviceUnavailable("The connection to the database failed: " + echo(deepestMessage(failure)), null,
					retryAfter, failure);
		}
		if (failure instanceof InvalidMediaTypeException invalid) {
			return clientError(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Content-Type '%s' is not a media type: %s"
				.formatted(echo(invalid.getMediaType()), echo(String.valueOf(invalid.getMessage()))), null, failure);
		}
		if (limitExceeded(failure)) {
			return clientError(HttpStatus.CONTENT_TOO_LARGE, "The request body is larger than this server reads: "
					+ echo(deepestMessage(failure)), null, failure);
		}
		String sqlState = DatabaseFailures.sqlState(failure);
		String reason = echo(deepestMessage(failure));
		if (DatabaseFailures.isValueOutOfColumn(failure)) {
			return clientError(HttpStatus.BAD_REQUEST, "A value does not fit its column: " + reason, sqlState, failure);
		}
		if (DatabaseFailures.isMissingValue(failure)) {
			return clientError(HttpStatus.BAD_REQUEST, "A required value is missing: " + reason, sqlState, failure);
		}
		if (DatabaseFailures.isIntegrityViolation(failure)) {
			// The database's message names constraints and tables: it stays in the log.
			return clientError(HttpStatus.CONFLICT, "The change conflicts with data already stored (a duplicate key "
					+ "or another constraint of the table)", sqlState, failure);
		}
		return null;
	}

	private static ResponseStatusException serviceUnavailable(@Nullable String detail, @Nullable String key,
			@Nullable Duration retryAfter, Throwable failure) {
		ResponseStatusException answer = new Answer(HttpStatus.SERVICE_UNAVAILABLE, detail, failure);
		if (key != null) {
			answer.getBody().setProperty("bind", key);
		}
		if (retryAfter != null) {
			answer.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
		}
		return answer;
	}

	private static ResponseStatusException clientError(HttpStatus status, String detail, @Nullable String sqlState,
			Throwable failure) {
		ResponseStatusException answer = new Answer(status, detail, failure);
		ProblemDetail body = answer.getBody();
		if (sqlState != null) {
			body.setProperty("sqlState", sqlState);
		}
		String column = (sqlState != null) ? DatabaseFailures.columnOf(failure) : null;
		if (column != null) {
			body.setProperty("column", column);
		}
		return answer;
	}

	private static boolean limitExceeded(Throwable failure) {
		for (Throwable cause = failure; cause != null && cause != cause.getCause(); cause = cause.getCause()) {
			if (cause instanceof DataBufferLimitException) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Spring's failure to get a connection outside a transaction
	 * ({@code ConnectionFactoryUtils.getConnection}), caused by the pool or the driver.
	 */
	private static boolean isObtainFailure(Throwable failure) {
		String message = failure.getMessage();
		return message != null && message.startsWith("Failed to obtain R2DBC Connection")
				&& DatabaseFailures.isUnavailable(failure.getCause());
	}


	private static String deepestMessage(Throwable failure) {
		String message = failure.getMessage();
		for (Throwable cause = failure.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
			if (cause.getMessage() != null) {
				message = cause.getMessage();
			}
		}
		return String.valueOf(message);
	}

	/**
	 * A response status exception whose headers can be set, for the error handlers that
	 * answer it when no codec writes the problem detail here.
	 */
	private static final class Answer extends ResponseStatusException {

		private final HttpHeaders headers = new HttpHeaders();

		Answer(HttpStatus status, @Nullable String detail, Throwable cause) {
			super(status, detail, cause);
			getBody().setDetail(detail);
		}

		@Override
		public HttpHeaders getHeaders() {
			return this.headers;
		}

	}

	/**
	 * The first line of a database's message, shortened: what a client may see of it.
	 */
	private static String echo(String text) {
		int newline = text.indexOf('\n');
		String line = (newline >= 0) ? text.substring(0, newline) : text;
		return (line.length() > MAX_ECHO) ? line.substring(0, MAX_ECHO) + "..." : line;
	}

}
