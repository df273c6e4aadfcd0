package io.github.reactivesessions.session;

import org.jspecify.annotations.Nullable;

/**
 * Where a session runs its reads, for a bind with read replicas: asked once, when the
 * session opens its first transaction, so that it may look at what is known by then (the
 * request's handler, say). A session reading on a replica runs its reads in one read-only
 * transaction of the replica; its first write (a flush of pending changes,
 * {@code update}, {@code delete}, {@code sql()} that is not a plain query,
 * {@code operations()}) ends that transaction and moves the session to the primary for the
 * rest of its life. A {@code begin} block runs on the replica only when its options are
 * read-only; a write inside one fails with a {@link ReplicaWriteException}.
 *
 * @since 0.4.0
 * @see ReactiveSessionFactory#openSession(ReplicaReads)
 */
public interface ReplicaReads {

	/**
	 * Return the replica the session reads on, or {@code null} for the primary.
	 * @return the replica, or {@code null}
	 */
	@Nullable Replica replica();

	/**
	 * The session could not open a transaction on the replica it was given: its connection
	 * failed. The session reads on the primary instead.
	 * @param replica the replica
	 * @param failure the failure
	 */
	default void unavailable(Replica replica, Throwable failure) {
	}

	/**
	 * A transaction of the session that may have written committed on the primary: the
	 * moment a client's read-your-writes window starts.
	 */
	default void committedOnPrimary() {
	}

}
