package io.github.reactivesessions.web;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.reactivesessions.session.CommitOutcomeUnknownException;
import io.github.reactivesessions.session.ConnectionFailures;
import io.github.reactivesessions.session.ConnectionUnavailableException;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
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
 * violation (a duplicate key): {@code 409}.</li>
 * </ul>
 *
 * Other failures are not answered here.
 *
 * @author reactive-sessions
 */
final class DatabaseFailures {

	private static final int MAX_ECHO = 200;

	// The column a database names in its message: "column "title"" (PostgreSQL, H2),
	// "column 'title'" (MySQL/MariaDB).
	private static final Pattern COLUMN = Pattern.compile("(?i)column\\s+[\"'`]+([A-Za-z_][A-Za-z0-9_$]*)");

	private DatabaseFailures() {
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
		if (ConnectionFailures.isConnectionLost(failure) || isObtainFailure(failure)) {
			// Spring data access outside any session: no bind to name.
			return serviceUnavailable("The connection to the database failed: " + echo(deepestMessage(failure)), null,
					retryAfter, failure);
		}
		String sqlState = ConnectionFailures.sqlState(failure);
		if (sqlState == null) {
			return null;
		}
		String reason = echo(deepestMessage(failure));
		if (sqlState.startsWith("22")) {
			return clientError(HttpStatus.BAD_REQUEST, "A value does not fit its column: " + reason, sqlState, reason,
					failure);
		}
		if (isMissingValue(sqlState, ConnectionFailures.errorCode(failure))) {
			return clientError(HttpStatus.BAD_REQUEST, "A required value is missing: " + reason, sqlState, reason,
					failure);
		}
		if (sqlState.startsWith("23")) {
			// The database's message names constraints and tables: it stays in the log.
			return clientError(HttpStatus.CONFLICT, "The change conflicts with data already stored (a duplicate key "
					+ "or another constraint of the table)", sqlState, null, failure);
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

	private static ResponseStatusException clientError(HttpStatus status, String detail, String sqlState,
			@Nullable String reason, Throwable failure) {
		ResponseStatusException answer = new Answer(status, detail, failure);
		ProblemDetail body = answer.getBody();
		body.setProperty("sqlState", sqlState);
		String column = (reason != null) ? columnOf(reason) : null;
		if (column != null) {
			body.setProperty("column", column);
		}
		return answer;
	}

	/**
	 * A NULL in a NOT NULL column: SQLSTATE 23502 (PostgreSQL, H2), MySQL's 1048
	 * (ER_BAD_NULL_ERROR) and 1364 (ER_NO_DEFAULT_FOR_FIELD) under SQLSTATE 23000 or HY000.
	 */
	private static boolean isMissingValue(String sqlState, int errorCode) {
		return sqlState.equals("23502") || errorCode == 1048 || errorCode == 1364;
	}

	/**
	 * Spring's failure to get a connection outside a transaction
	 * ({@code ConnectionFactoryUtils.getConnection}), caused by the pool or the driver.
	 */
	private static boolean isObtainFailure(Throwable failure) {
		String message = failure.getMessage();
		return message != null && message.startsWith("Failed to obtain R2DBC Connection")
				&& ConnectionFailures.isUnavailable(failure.getCause());
	}

	static @Nullable String columnOf(String message) {
		Matcher matcher = COLUMN.matcher(message);
		return matcher.find() ? matcher.group(1) : null;
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
