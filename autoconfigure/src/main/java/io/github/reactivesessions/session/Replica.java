package io.github.reactivesessions.session;

import io.r2dbc.spi.ConnectionFactory;

import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.util.Assert;

/**
 * A read replica of a bind: the connection factory (usually a pool) of a server that
 * replays the primary's changes, on which the bind's sessions may run their reads, in
 * read-only transactions of its own {@link R2dbcTransactionManager}. Given to a session by
 * the {@link ReplicaReads} it was opened with.
 *
 * @since 0.4.0
 * @see ReactiveSessionFactory#openSession(ReplicaReads)
 */
public final class Replica {

	private final String name;

	private final ConnectionFactory connectionFactory;

	private final R2dbcTransactionManager transactionManager;

	/**
	 * Create a replica.
	 * @param name the name its errors, logs and health name
	 * @param connectionFactory the connection factory of the replica server
	 */
	public Replica(String name, ConnectionFactory connectionFactory) {
		Assert.hasText(name, "Name must not be empty");
		Assert.notNull(connectionFactory, "ConnectionFactory must not be null");
		this.name = name;
		this.connectionFactory = connectionFactory;
		this.transactionManager = new R2dbcTransactionManager(connectionFactory);
	}

	/**
	 * Return the name of the replica.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Return the connection factory of the replica.
	 * @return the connection factory
	 */
	public ConnectionFactory connectionFactory() {
		return this.connectionFactory;
	}

	/**
	 * Return the transaction manager of the replica's read-only transactions.
	 * @return the transaction manager
	 */
	public R2dbcTransactionManager transactionManager() {
		return this.transactionManager;
	}

	@Override
	public String toString() {
		return "Replica[" + this.name + "]";
	}

}
