package io.github.reactivesessions.session;

import java.util.List;

/**
 * Callbacks on the life of the sessions of a {@link ReactiveSessionFactory}, for metrics
 * and diagnostics; every method does nothing by default.
 *
 * <p>Methods are called on whatever thread the session's work runs on, often an event
 * loop of the driver: they must be quick, must not block and should not throw (an
 * exception is logged and ignored). A session that joins a Spring transaction of its bind
 * takes no connection of its own, so it reports no acquisition, commit, rollback or
 * release: the transaction's owner does those.
 *
 * @since 0.1.0
 * @see ReactiveSessionFactory.Builder#listener(SessionListener)
 */
public interface SessionListener {

	/**
	 * A session was opened (no connection taken yet).
	 * @param key the bind key
	 */
	default void sessionOpened(String key) {
	}

	/**
	 * A session took a connection from its bind and began a transaction on it: once per
	 * transaction, so usually once per session. A read outside a transaction
	 * (autocommit-reads) takes its connection through Spring, as a repository's does, and
	 * is not reported: every connection reported here ends in one commit or one rollback.
	 * @param key the bind key
	 */
	default void connectionAcquired(String key) {
	}

	/**
	 * A session's transaction committed.
	 * @param key the bind key
	 */
	default void committed(String key) {
	}

	/**
	 * A session's transaction was rolled back, or its commit failed.
	 * @param key the bind key
	 * @param cause why it was rolled back
	 */
	default void rolledBack(String key, RollbackCause cause) {
	}

	/**
	 * A session's transaction ended and its connection went back to the bind.
	 * @param key the bind key
	 * @param heldNanos how long the session held the connection, in nanoseconds
	 */
	default void connectionReleased(String key, long heldNanos) {
	}

	/**
	 * An attempt of a {@code begin} block that may be retried started: once for the first
	 * attempt and once for each retry.
	 * @param key the bind key
	 * @see TransactionRetry
	 */
	default void beginAttempted(String key) {
	}

	/**
	 * An attempt of a {@code begin} block failed for the given transient cause, and the
	 * block runs again after its backoff.
	 * @param key the bind key
	 * @param cause why the attempt failed
	 */
	default void beginRetried(String key, TransactionRetry.Cause cause) {
	}

	/**
	 * The last attempt a {@code begin} block was allowed failed for the given transient
	 * cause: the block gave up with a {@link TransactionRetriesExhaustedException}.
	 * @param key the bind key
	 * @param cause why the last attempt failed
	 */
	default void beginRetriesExhausted(String key, TransactionRetry.Cause cause) {
	}

	/**
	 * Return the listener told of the transactions sessions run on the bind's read
	 * replicas (their connections, commits, rollbacks and releases); this one by default.
	 * A listener that records them apart (a metric tagged {@code role=replica}) returns
	 * another.
	 * @return the listener of replica transactions
	 * @since 0.4.0
	 */
	default SessionListener forReplicas() {
		return this;
	}

	/**
	 * Return a listener that calls each of the given ones in order; one that throws is
	 * logged and does not stop the others.
	 * @param listeners the listeners
	 * @return a composite listener
	 */
	static SessionListener composite(List<? extends SessionListener> listeners) {
		return new CompositeSessionListener(List.copyOf(listeners));
	}

	/**
	 * Why a session's transaction was rolled back.
	 */
	enum RollbackCause {

		/**
		 * The work of a {@code begin} block failed, a flush failed, or the commit failed.
		 */
		ERROR,

		/**
		 * The subscriber of a {@code begin} block cancelled (a client went away).
		 */
		CANCEL,

		/**
		 * The session was closed with its transaction open: at the end of a request whose
		 * work was not committed, completed or cancelled.
		 */
		CLOSE,

		/**
		 * The application called {@link ReactiveSession#rollback()} (also the web filter,
		 * for a commit-on-success bind whose response status is 400 or above).
		 */
		EXPLICIT

	}

}
