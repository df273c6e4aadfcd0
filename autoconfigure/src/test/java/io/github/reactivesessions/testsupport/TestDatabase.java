package io.github.reactivesessions.testsupport;

import io.r2dbc.spi.ConnectionFactory;

/**
 * A database the behaviour suites run against: an isolated namespace (an in-memory H2
 * database, a PostgreSQL schema or a MySQL database) created for one test class and dropped
 * afterwards, so concurrent runs never see each other's tables.
 */
public interface TestDatabase extends AutoCloseable {

	/**
	 * Short name used in test names and messages: {@code h2}, {@code postgres}, {@code mysql}.
	 */
	String name();

	/**
	 * R2DBC url of the isolated namespace.
	 */
	String url();

	/**
	 * An unpooled connection factory of the isolated namespace.
	 */
	ConnectionFactory connectionFactory();

	/**
	 * Column definition of an auto-generated BIGINT primary key.
	 */
	String identityColumn();

	/**
	 * A query returning one value that identifies the server-side connection (session) it
	 * runs on.
	 */
	String connectionIdQuery();

	/**
	 * A query listing the names of the tables in the namespace, one per row.
	 */
	String tableNamesQuery();

	/**
	 * Whether the database refuses writes inside a read-only transaction (H2 has no
	 * read-only transactions).
	 */
	default boolean enforcesReadOnlyTransactions() {
		return true;
	}

	/**
	 * Drop the namespace.
	 */
	@Override
	void close();

}
