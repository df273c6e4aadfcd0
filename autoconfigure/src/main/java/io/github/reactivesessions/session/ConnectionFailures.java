package io.github.reactivesessions.session;

import java.io.IOException;
import java.util.Set;

import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcPermissionDeniedException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import org.jspecify.annotations.Nullable;

/**
 * Tells the failures of a connection from the failures of a statement, by their causes: a
 * connection that could not be had (refused, unreachable, a login refused, a pool exhausted)
 * or one that broke under a statement (closed by the server, killed by an operator, its
 * socket reset). Drivers report these with different exception classes, and report other
 * errors with the same ones (r2dbc-mysql raises a value too long for its column as an
 * {@code R2dbcNonTransientResourceException}), so the SQLSTATE and error codes decide where
 * there are any.
 *
 * <p>Sessions use it to report such failures as {@link ConnectionUnavailableException}; the
 * web layer uses it for Spring data access outside sessions.
 *
 * @author reactive-sessions
 * @since 0.1.0
 */
public final class ConnectionFailures {

	// SQLSTATE of a server going away: admin_shutdown, crash_shutdown, cannot_connect_now
	// (PostgreSQL), and MySQL's ER_CONNECTION_KILLED.
	private static final Set<String> CONNECTION_STATES = Set.of("57P01", "57P02", "57P03", "70100");

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


	private ConnectionFailures() {
	}

	/**
	 * Return whether the failure means the connection is gone: whatever ran on it is lost,
	 * and nothing can run on it any more.
	 * @param failure the failure, with its causes
	 * @return whether a cause is a closed or broken connection
	 */
	public static boolean isConnectionLost(@Nullable Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = next(cause)) {
			if (cause instanceof IOException || CLOSED_CONNECTION_TYPES.contains(cause.getClass().getSimpleName())
					|| (cause instanceof IllegalStateException && MYSQL_DISPOSED_QUEUE.equals(cause.getMessage()))) {
				return true;
			}
			if (cause instanceof R2dbcException r2dbc && isConnectionState(r2dbc)) {
				return true;
			}
		}
		return false;
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
				|| isConnectionLost(cause);
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
		return (state != null && (state.startsWith("08") || CONNECTION_STATES.contains(state)))
				|| MYSQL_CONNECTION_CODES.contains(failure.getErrorCode());
	}

	private static @Nullable Throwable next(Throwable cause) {
		Throwable next = cause.getCause();
		return (next != cause) ? next : null;
	}

}
