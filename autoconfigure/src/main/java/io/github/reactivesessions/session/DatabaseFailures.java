package io.github.reactivesessions.session;

import java.io.IOException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcPermissionDeniedException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;

/**
 * Tells what a failure of the database means, by its causes: a connection that could not be
 * had (refused, unreachable, a login refused, a pool exhausted), one that broke under a
 * statement (closed by the server, killed by an operator, its socket reset), a value its
 * column cannot hold, a required value missing. Drivers report these with different
 * exception classes, and report other errors with the same ones (r2dbc-mysql raises a value
 * too long for its column as an {@code R2dbcNonTransientResourceException}, r2dbc-postgresql
 * as an {@code R2dbcBadGrammarException}), so the SQLSTATE and error codes decide where there
 * are any.
 *
 * <p>Sessions use it to report connection failures as {@link ConnectionUnavailableException};
 * the web layer and the views use it to answer failures with the status they mean.
 *
 * @since 0.1.0
 */
public final class DatabaseFailures {

	// SQLSTATE of a server ending the connection, beside class 08: PostgreSQL's
	// admin_shutdown, crash_shutdown, cannot_connect_now, idle_session_timeout and
	// idle_in_transaction_session_timeout (FATAL: the server closes the connection).
	// (MySQL's 70100 is also a query interrupted on a connection that stays: its error code
	// decides.)
	private static final Set<String> CONNECTION_STATES = Set.of("57P01", "57P02", "57P03", "57P05", "25P03");

	// PostgreSQL's protocol_violation: class 08, but an error of the driver or the
	// application on a connection that stays.
	private static final String PROTOCOL_VIOLATION = "08P01";

	// SQLSTATE of a value its column cannot hold: string data right truncation, null value
	// not allowed, numeric value out of range, invalid datetime format, datetime field
	// overflow, invalid character value for cast, character not in repertoire (a NUL or an
	// invalid byte sequence for PostgreSQL), string data length mismatch, invalid text
	// representation, untranslatable character. Not the rest of class 22, such as a division
	// by zero or an invalid parameter of a function: those are the application's.
	private static final Set<String> VALUE_STATES = Set.of("22001", "22004", "22003", "22007", "22008", "22018",
			"22021", "22026", "22P02", "22P05");

	// MySQL/MariaDB error codes of a connection that broke: ER_SERVER_SHUTDOWN,
	// ER_CONNECTION_KILLED, CR_SERVER_GONE_ERROR, CR_SERVER_LOST.
	private static final Set<Integer> MYSQL_CONNECTION_CODES = Set.of(1053, 1927, 2006, 2013);

	// The drivers' own exceptions for a closed connection, named rather than imported:
	// each driver is optional.
	private static final Set<String> CLOSED_CONNECTION_TYPES = Set.of("PostgresConnectionClosedException",
			"MySqlConnectionClosedException", "MySqlConnectionException");

	// r2dbc-mysql 1.4 fails the exchange under way on a reset connection with this
	// IllegalStateException of its request queue, rather than with its closed-connection
	// exception (which it drops).
	private static final String MYSQL_DISPOSED_QUEUE = "Request queue was disposed";

	// MySQL/MariaDB error codes of a value its column cannot hold, some under SQLSTATE HY000:
	// ER_WARN_DATA_OUT_OF_RANGE, WARN_DATA_TRUNCATED, ER_TRUNCATED_WRONG_VALUE,
	// ER_TRUNCATED_WRONG_VALUE_FOR_FIELD, ER_DATA_TOO_LONG, and ER_DATA_OUT_OF_RANGE (the
	// result of an expression its type cannot hold, "BIGINT value is out of range in ...").
	private static final Set<Integer> MYSQL_VALUE_CODES = Set.of(1264, 1265, 1292, 1366, 1406, 1690);

	// MySQL/MariaDB error codes of a missing required value: ER_BAD_NULL_ERROR,
	// ER_NO_DEFAULT_FOR_FIELD.
	private static final Set<Integer> MYSQL_MISSING_CODES = Set.of(1048, 1364);

	// The column a database names in its message: "column "title"" (PostgreSQL, H2),
	// "column 'title'" and "column `db`.`table`.`title`" (MySQL/MariaDB); the last name
	// of a qualified one.
	private static final Pattern COLUMN = Pattern
		.compile("(?i)column\\s+(?:[\"'`]*[A-Za-z_][A-Za-z0-9_$]*[\"'`]*\\.)*[\"'`]*([A-Za-z_][A-Za-z0-9_$]*)");

	private DatabaseFailures() {
	}

	/**
	 * Return the column the database names in the message of the failure or of a cause, as
	 * it names it (H2 upper-cases it, the others keep its case).
	 * @param failure the failure, with its causes
	 * @return the column, or {@code null} when no message names one
	 */
	public static @Nullable String columnOf(@Nullable Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = next(cause)) {
			if (cause.getMessage() != null) {
				Matcher matcher = COLUMN.matcher(cause.getMessage());
				if (matcher.find()) {
					return matcher.group(1);
				}
			}
		}
		return null;
	}

	/**
	 * Return whether the failure is a value its column cannot hold: the SQLSTATEs of class
	 * 22 that say so (a string too long, invalid characters, a number out of range, a
	 * malformed date), or the MySQL error codes that say so under another SQLSTATE.
	 * @param failure the failure, with its causes
	 * @return whether a value did not fit its column
	 */
	public static boolean isValueOutOfColumn(@Nullable Throwable failure) {
		String sqlState = sqlState(failure);
		return (sqlState != null && VALUE_STATES.contains(sqlState)) || MYSQL_VALUE_CODES.contains(errorCode(failure));
	}

	/**
	 * Return whether the failure is a missing required value: a NULL for a NOT NULL column
	 * (SQLSTATE 23502, or MySQL's error codes for it).
	 * @param failure the failure, with its causes
	 * @return whether a required value was missing
	 */
	public static boolean isMissingValue(@Nullable Throwable failure) {
		return "23502".equals(sqlState(failure)) || MYSQL_MISSING_CODES.contains(errorCode(failure));
	}

	/**
	 * Return whether the failure is an integrity violation (SQLSTATE class 23: a duplicate
	 * key, a foreign key, a check), a missing value included.
	 * @param failure the failure, with its causes
	 * @return whether a constraint was violated
	 */
	public static boolean isIntegrityViolation(@Nullable Throwable failure) {
		String sqlState = sqlState(failure);
		return (sqlState != null && sqlState.startsWith("23")) || isMissingValue(failure);
	}

	/**
	 * Return whether the failure means the connection is gone: whatever ran on it is lost,
	 * and nothing can run on it any more.
	 * @param failure the failure, with its causes
	 * @return whether a cause is a closed or broken connection
	 */
	public static boolean isConnectionLost(@Nullable Throwable failure) {
		// An I/O failure counts only under a database's exception: an application's own
		// (a file, another HTTP service) says nothing of its database connection.
		boolean underDatabase = false;
		for (Throwable cause = failure; cause != null; cause = next(cause)) {
			if (CLOSED_CONNECTION_TYPES.contains(cause.getClass().getSimpleName())
					|| (cause instanceof IllegalStateException && MYSQL_DISPOSED_QUEUE.equals(cause.getMessage()))
					|| (cause instanceof IOException && underDatabase)) {
				return true;
			}
			if (cause instanceof R2dbcException r2dbc && isConnectionState(r2dbc)) {
				return true;
			}
			underDatabase |= cause instanceof R2dbcException || cause instanceof DataAccessException;
		}
		return false;
	}

	/**
	 * Return whether a failure is Spring's failure to get a connection outside a
	 * transaction ({@code ConnectionFactoryUtils.getConnection}, as a repository or a
	 * session's read outside a transaction meets it), caused by the pool or the driver.
	 * @param failure the failure
	 * @return whether no connection could be had for a statement
	 */
	public static boolean isObtainFailure(Throwable failure) {
		String message = failure.getMessage();
		return failure instanceof DataAccessResourceFailureException && message != null
				&& message.startsWith("Failed to obtain R2DBC Connection") && isUnavailable(failure.getCause());
	}

	/**
	 * Return whether a failure to get a connection (the cause of Spring's "could not open"
	 * or "failed to obtain" exceptions) means none could be had: the pool stayed exhausted,
	 * the database refused, could not be reached or refused the login.
	 * @param cause the failure of the pool or the driver
	 * @return whether no connection could be had
	 */
	public static boolean isUnavailable(@Nullable Throwable cause) {
		return cause instanceof R2dbcTimeoutException || cause instanceof R2dbcTransientResourceException
				|| cause instanceof R2dbcNonTransientResourceException || cause instanceof R2dbcPermissionDeniedException
				|| hasIOException(cause) || isConnectionLost(cause);
	}

	// Under a failure to get a connection, an I/O failure is the database's: r2dbc-mysql
	// reports a refused or unreachable server with netty's ConnectException itself.
	private static boolean hasIOException(@Nullable Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = next(cause)) {
			if (cause instanceof IOException) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Return the SQLSTATE of the first cause that has one.
	 * @param failure the failure, with its causes
	 * @return the SQLSTATE, or {@code null}
	 */
	public static @Nullable String sqlState(@Nullable Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = next(cause)) {
			if (cause instanceof R2dbcException r2dbc && r2dbc.getSqlState() != null && !r2dbc.getSqlState().isEmpty()) {
				return r2dbc.getSqlState();
			}
		}
		return null;
	}

	/**
	 * Return the driver's error code of the first cause that has one (MySQL's error
	 * numbers; 0 for drivers without them).
	 * @param failure the failure, with its causes
	 * @return the error code, or 0
	 */
	public static int errorCode(@Nullable Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = next(cause)) {
			if (cause instanceof R2dbcException r2dbc && r2dbc.getErrorCode() != 0) {
				return r2dbc.getErrorCode();
			}
		}
		return 0;
	}

	private static boolean isConnectionState(R2dbcException failure) {
		String state = failure.getSqlState();
		return (state != null && ((state.startsWith("08") && !state.equals(PROTOCOL_VIOLATION))
				|| CONNECTION_STATES.contains(state))) || MYSQL_CONNECTION_CODES.contains(failure.getErrorCode());
	}

	private static @Nullable Throwable next(Throwable cause) {
		Throwable next = cause.getCause();
		return (next != cause) ? next : null;
	}

}
