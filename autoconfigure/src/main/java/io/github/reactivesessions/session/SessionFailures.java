package io.github.reactivesessions.session;

import java.util.function.UnaryOperator;

import io.r2dbc.spi.R2dbcPermissionDeniedException;
import io.r2dbc.spi.R2dbcTimeoutException;

import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.annotation.Isolation;

/**
 * The failures the sessions of one bind report, as their callers see them: a connection
 * that could not be had or broke under an operation named with the bind's key (and logged,
 * rate-limited, through the bind's {@link ConnectionFailureLog}), and the session's own misuse
 * errors, each saying what to do instead.
 */
final class SessionFailures {

	private final String key;

	private final ConnectionFailureLog log;

	// Created once per bind: every session's lock and begin block map failures with them.
	private final UnaryOperator<Throwable> operationFailures = this::failure;

	private final UnaryOperator<Throwable> blockFailures = this::blockFailure;

	SessionFailures(String key, ConnectionFailureLog log) {
		this.key = key;
		this.log = log;
	}

	/**
	 * Return {@link #failure(Throwable)} as a function.
	 */
	UnaryOperator<Throwable> operationFailures() {
		return this.operationFailures;
	}

	/**
	 * Return {@link #blockFailure(Throwable)} as a function.
	 */
	UnaryOperator<Throwable> blockFailures() {
		return this.blockFailures;
	}

	/**
	 * The failure of a begin block as its subscriber sees it: the real cause of a failed
	 * commit or rollback, and a lost connection (of Spring code in the block too) named.
	 */
	Throwable blockFailure(Throwable ex) {
		return failure(unwrapCleanupFailure(ex));
	}

	/**
	 * The failure of an operation as its caller sees it: a connection that broke under it is
	 * a {@link ConnectionUnavailableException} naming the bind, nothing of the transaction
	 * committed, whichever exception the driver or Spring raised; others stay as they are.
	 */
	Throwable failure(Throwable ex) {
		if (DatabaseFailures.isObtainFailure(ex)) {
			// A read outside a transaction (autocommit-reads) gets its connection from Spring.
			return connectionUnavailable(ex);
		}
		if (ex instanceof ConnectionUnavailableException || ex instanceof CommitOutcomeUnknownException
				|| !DatabaseFailures.isConnectionLost(ex)) {
			return ex;
		}
		return logged("connection lost", new ConnectionUnavailableException(this.key, ("Session '%s' lost its connection "
				+ "to the database; nothing of its transaction was committed").formatted(this.key), ("Session '%s' lost "
				+ "its connection to the database: %s; nothing of its transaction was committed").formatted(this.key,
						reason(ex)), ex));
	}

	/**
	 * A commit whose connection broke after the COMMIT may have left.
	 */
	CommitOutcomeUnknownException commitOutcomeUnknown(Throwable ex) {
		return logged("commit outcome unknown", new CommitOutcomeUnknownException(this.key, ("Session '%s' lost its "
				+ "connection while its commit was on the way; the transaction may or may not have committed")
			.formatted(this.key), ("Session '%s' lost its connection while its commit was on the way: %s; the "
					+ "transaction may or may not have committed, so check what was written before doing the work again")
				.formatted(this.key, reason(ex)), ex));
	}

	/**
	 * A transaction that could not begin because no connection could be had (the pool
	 * timed out, the database refused, is unreachable or refused the login, the connection
	 * broke before BEGIN) is reported as such, so that the web layer can answer 503; other
	 * failures stay as they are.
	 */
	Throwable connectionUnavailable(Throwable ex) {
		if (!(ex instanceof CannotCreateTransactionException) && !DatabaseFailures.isObtainFailure(ex)) {
			return ex;
		}
		Throwable cause = ex.getCause();
		if (cause instanceof R2dbcTimeoutException) {
			return logged("no connection", new ConnectionUnavailableException(this.key, ("Session '%s' got no "
					+ "connection: every connection of the bind's pool stayed in use for its max-acquire-time; retry "
					+ "later").formatted(this.key), ("Session '%s' got no connection: %s. Every connection of the bind's "
							+ "pool stayed in use for its max-acquire-time (or opening one took too long); retry later, "
							+ "raise the pool's max-size, or hold connections for less time")
						.formatted(this.key, cause.getMessage()), ex));
		}
		if (cause instanceof R2dbcPermissionDeniedException) {
			return logged("login refused", new ConnectionUnavailableException(this.key,
					"Session '%s' could not log in to its database".formatted(this.key), ("Session '%s' could not log in "
							+ "to its database: %s; check sa.binds.%s.username and password")
						.formatted(this.key, reason(cause), this.key), ex));
		}
		if (DatabaseFailures.isUnavailable(cause)) {
			return logged("no connection", new ConnectionUnavailableException(this.key,
					"Session '%s' could not open a connection to its database".formatted(this.key),
					"Session '%s' could not open a connection to its database: %s".formatted(this.key, reason(cause)),
					ex));
		}
		return ex;
	}

	IllegalStateException closed() {
		return new IllegalStateException(("Session '%s' is closed: open a new session (the request or block it "
				+ "belonged to has ended)").formatted(this.key));
	}

	IllegalStateException pendingRollback() {
		return new IllegalStateException(("Session '%s': a previous flush failed or was cancelled, so its "
				+ "transaction can only be rolled back: call rollback(), or let the begin(...) block fail")
			.formatted(this.key));
	}

	IllegalStateException insideBegin(String call) {
		return new IllegalStateException(("Session '%s': %s inside begin(...) is not allowed; the block commits "
				+ "when its publisher completes and rolls back when it fails").formatted(this.key, call));
	}

	IllegalStateException alreadyInTransaction() {
		return new IllegalStateException(("Session '%s' already has a transaction open: use beginNested(...) for a "
				+ "SAVEPOINT inside it, or end it with commit() or rollback() before begin(...)").formatted(this.key));
	}

	IllegalStateException changesBeforeRetryingBegin() {
		return new IllegalStateException(("Session '%s' has changes that are not flushed before a begin(...) that "
				+ "retries: its attempts after a failed one would not write them. Make them inside the block, so that "
				+ "every attempt makes them again, or commit them before it").formatted(this.key));
	}

	IllegalArgumentException isolationNotPerTransaction(Isolation isolation) {
		return new IllegalArgumentException(("Bind '%s' is an H2 database, whose R2DBC driver cannot run one transaction "
				+ "at %s: it changes the level of the whole connection, after the transaction has begun. Leave the "
				+ "isolation of the block at its default on H2").formatted(this.key, isolation));
	}

	IllegalStateException endedInsideBlock() {
		return new IllegalStateException(
				"Session '%s': the transaction of begin(...) was ended inside the block".formatted(this.key));
	}

	private <E extends Throwable> E logged(String kind, E failure) {
		this.log.warn(kind, failure);
		return failure;
	}

	/**
	 * The driver's message of the deepest cause that has one.
	 */
	private static String reason(Throwable ex) {
		String reason = ex.getMessage();
		for (Throwable cause = ex.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
			if (cause.getMessage() != null) {
				reason = cause.getMessage();
			}
		}
		return String.valueOf(reason);
	}

	/**
	 * Reactor reports a failure of the commit or rollback step of {@code usingWhen} wrapped
	 * in a "Async resource cleanup failed" exception; callers want the real cause (a
	 * constraint violated at commit, for example), as Spring's TransactionalOperator gives.
	 */
	private static Throwable unwrapCleanupFailure(Throwable ex) {
		String message = ex.getMessage();
		if (ex.getCause() != null && message != null && message.startsWith("Async resource cleanup failed")) {
			return ex.getCause();
		}
		return ex;
	}

}
