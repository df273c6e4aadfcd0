package io.github.reactivesessions.testsupport;

import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;

/**
 * A schema of its own on the PostgreSQL server of {@link DatabaseServer#POSTGRES}, created
 * with a random name and dropped with everything in it by {@link #close()}. Connections of
 * {@link #connectionFactory()} have it as their only {@code search_path} entry (the driver's
 * {@code schema} option), so unqualified table names land in it.
 */
public final class PostgresTestDatabase implements TestDatabase {

	private final ConnectionFactory server;

	private final String schema = TestNamespaces.randomName();

	private final String url;

	private final ConnectionFactory connectionFactory;

	public PostgresTestDatabase() {
		String serverUrl = DatabaseServer.POSTGRES.url();
		this.server = ConnectionFactories.get(serverUrl);
		Sql.execute(this.server, "CREATE SCHEMA " + this.schema);
		this.url = R2dbcUrls.withOption(serverUrl, "schema", this.schema);
		this.connectionFactory = ConnectionFactories.get(this.url);
	}

	@Override
	public String name() {
		return "postgres";
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
		return "BIGSERIAL PRIMARY KEY";
	}

	@Override
	public String connectionIdQuery() {
		return "SELECT pg_backend_pid()";
	}

	@Override
	public String tableNamesQuery() {
		return "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()";
	}

	@Override
	public void close() {
		Sql.execute(this.server, "DROP SCHEMA IF EXISTS " + this.schema + " CASCADE");
	}

	@Override
	public String toString() {
		return "PostgreSQL schema " + this.schema + " at " + R2dbcUrls.masked(this.url);
	}

}
