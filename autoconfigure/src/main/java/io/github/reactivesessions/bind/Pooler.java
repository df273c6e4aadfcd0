package io.github.reactivesessions.bind;

/**
 * The connection pooler a bind's connections go through, for what it cannot keep from one
 * transaction to the next.
 *
 * @since 0.1.0
 * @see Bind.Builder#pooler(Pooler)
 */
public enum Pooler {

	/**
	 * No pooler, or one that gives each client connection a server connection of its own
	 * for as long as it is open (PgBouncer's session mode).
	 */
	NONE,

	/**
	 * A pooler that gives a client connection a server connection for one transaction at a
	 * time (PgBouncer's {@code pool_mode = transaction}): the next transaction, and every
	 * statement outside one, may run on another server connection. The bind keeps no
	 * prepared statement from one statement to the next (r2dbc-postgresql's
	 * {@code preparedStatementCacheQueries=0}) and refuses settings that would set state on
	 * a server connection (a {@code schema}, {@code options}). PostgreSQL binds only.
	 */
	TRANSACTION

}
