package io.github.reactivesessions.testsupport;

import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;

/**
 * A database of its own on the MySQL or MariaDB server of {@link DatabaseServer#MYSQL},
 * created with a random name and dropped with all its tables by {@link #close()}.
 */
public final class MySqlTestDatabase implements TestDatabase {

	private final ConnectionFactory server;

	private final String database = TestNamespaces.randomName();

	private final String url;

	private final ConnectionFactory connectionFactory;

	public MySqlTestDatabase() {
		String serverUrl = DatabaseServer.MYSQL.url();
		this.server = ConnectionFactories.get(serverUrl);
		Sql.execute(this.server, "CREATE DATABASE " + this.database);
		this.url = R2dbcUrls.withDatabase(serverUrl, this.database);
		this.connectionFactory = ConnectionFactories.get(this.url);
	}

	@Override
	public String name() {
		return "mysql";
	}

	@Override
	public String url() {
		return this.url;
	}

	@Override
	public ConnectionFactory connectionFactory() {
		return this.connectionFactory;
	}

	@Override
	public String identityColumn() {
		return "BIGINT AUTO_INCREMENT PRIMARY KEY";
	}

	@Override
	public String connectionIdQuery() {
		return "SELECT CONNECTION_ID()";
	}

	@Override
	public String tableNamesQuery() {
		return "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()";
	}

	@Override
	public void close() {
		// MySQL has no CASCADE: dropping a database always drops its tables.
		Sql.execute(this.server, "DROP DATABASE IF EXISTS " + this.database);
	}

	@Override
	public String toString() {
		return "MySQL database " + this.database + " at " + R2dbcUrls.masked(this.url);
	}

}
