package io.github.reactivesessions.web;

/**
 * Where the sessions of a request read, on a bind with read replicas.
 *
 * @since 0.4.0
 * @see ReadsOn
 */
public enum Role {

	/**
	 * The bind's own database, where every write goes.
	 */
	PRIMARY,

	/**
	 * One of the bind's read replicas in use (the primary when none is); a write still
	 * moves the session to the primary.
	 */
	REPLICA

}
