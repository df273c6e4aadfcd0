package io.github.reactivesessions.web;

import java.time.Duration;

import io.github.reactivesessions.session.CommitOutcomeUnknownException;
import io.github.reactivesessions.session.DatabaseFailures;
import io.github.reactivesessions.session.ConnectionUnavailableException;
import io.github.reactivesessions.session.PartialCommitException;
import io.github.reactivesessions.session.TransactionRetriesExhaustedException;
import io.github.reactivesessions.session.TransactionRetry;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.ErrorResponse;
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
 * <li>a transaction ended by a conflict with others (a serialization failure, a deadlock,
 * a lock wait timeout) and rolled back, or a retrying {@code begin} whose every attempt
 * failed so ({@link TransactionRetriesExhaustedException}): {@code 503} with
 * {@code Retry-After}, since the same request may succeed once the contention has
 * passed;</li>
 * <li>a value its column cannot hold (SQLSTATE class 22: too long, invalid characters, out
 * of range): {@code 400}, naming the column when the database does;</li>
 * <li>a missing required value (a NOT NULL column): {@code 400}; another integrity
 * violation (a duplicate key): {@code 409};</li>
 * <li>a routed session's commit that failed after another bind committed
 * ({@link PartialCommitException}): {@code 500}, naming the binds committed, the one that
 * failed and those rolled back;</li>
 * <li>and a client error WebFlux itself answers with a 500: a request {@code Content-Type}
 * that is not a media type ({@code InvalidMediaTypeException}): {@code 415}.</li>
 * </ul>
 *
 * Failures that already carry a status ({@code ErrorResponse}, such as a
 * {@code ResponseStatusException}), and other failures, are not answered here. Details
 * never repeat a driver's reason for a failed connection, which can name hosts and users;
 * the log has it.
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
	static @Nullable ResponseStatusException answer(Throwable failure, Duration retryAfter, ServerHttpRequest request) {
		if (failure instanceof ErrorResponse) {
			// The application chose a status (a ResponseStatusException, a view's problem).
			return null;
		}
		if (failure instanceof PartialCommitException partial) {
			// Before the causes are looked at: a conflict or a lost connection in the second
			// commit does not mean nothing was committed.
			ResponseStatusException answer = new Answer(HttpStatus.INTERNAL_SERVER_ERROR, partial.getMessage(), failure);
			answer.getBody().setProperty("bind", partial.getFailedKey());
			answer.getBody().setProperty("committed", partial.getCommittedKeys());
			answer.getBody().setProperty("rolled_back", partial.getRolledBackKeys());
			if (partial.isFailedOutcomeUnknown()) {
				answer.getBody().setProperty("outcome", "unknown");
			}
			return answer;
		}
		if (failure instanceof ConnectionUnavailableException unavailable) {
			return serviceUnavailable(unavailable.getSummary(), unavailable.getKey(), retryAfter, failure);
		}
		if (failure instanceof CommitOutcomeUnknownException unknown) {
			ResponseStatusException answer = serviceUnavailable(unknown.getSummary(), unknown.getKey(), null, failure);
			answer.getBody().setProperty("outcome", "unknown");
			return answer;
		}
		if (failure instanceof TransactionRetriesExhaustedException exhausted) {
			TransactionRetry.Cause last = exhausted.getCauses().get(exhausted.getAttempts() - 1);
			return serviceUnavailable(("Session '%s' gave up its transaction after %d attempts, each ended by a "
					+ "transient failure (the last: %s); nothing of it was committed")
				.formatted(exhausted.getKey(), exhausted.getAttempts(), last.tag()), exhausted.getKey(), retryAfter,
					failure);
		}
		TransactionRetry.Cause conflict = TransactionRetry.Cause.of(failure);
		if (conflict != null) {
			return serviceUnavailable(("A conflict with other transactions (%s) ended the transaction, which was rolled "
					+ "back; nothing of it was committed").formatted(conflict.tag()), null, retryAfter, failure);
		}
		// Spring data access outside any session: no bind to name.
		if (DatabaseFailures.isObtainFailure(failure)) {
			return serviceUnavailable("No connection to the database could be had", null, retryAfter, failure);
		}
		if (DatabaseFailures.isConnectionLost(failure)) {
			// A statement outside a session may have committed on its own (autocommit)
			// before the connection went: no Retry-After.
			ResponseStatusException answer = serviceUnavailable("The connection to the database was lost; what the "
					+ "request wrote outside a session may have been committed", null, null, failure);
			answer.getBody().setProperty("outcome", "unknown");
			return answer;
		}
		if (failure instanceof InvalidMediaTypeException invalid && isRequestContentType(request, invalid)) {
			return clientError(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Content-Type '%s' is not a media type: %s"
				.formatted(echo(invalid.getMediaType()), echo(String.valueOf(invalid.getMessage()))), null, failure);
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

	/**
	 * Whether the media type that failed to parse is the request's own Content-Type, rather
	 * than one the application read elsewhere (another service's response).
	 */
	private static boolean isRequestContentType(ServerHttpRequest request, InvalidMediaTypeException invalid) {
		String contentType = request.getHeaders().getFirst(HttpHeaders.CONTENT_TYPE);
		return contentType != null && contentType.trim().equals(invalid.getMediaType().trim());
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
