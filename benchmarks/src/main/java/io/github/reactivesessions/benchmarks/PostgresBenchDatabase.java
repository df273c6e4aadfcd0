package io.github.reactivesessions.benchmarks;

import java.time.Duration;
import java.util.UUID;

import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;

/**
 * A schema of the benchmark's own on a PostgreSQL server, named {@code sa_bench_<random>}
 * and dropped with everything in it when closed. Connections of {@link #url()} have it as
 * their {@code search_path}.
 */
final class PostgresBenchDatabase implements BenchDatabase {

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

	private final ConnectionFactory server;

	private final String schema = "sa_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);

	private final String url;

	private final ConnectionFactory connectionFactory;

	/**
	 * Create the schema.
	 * @throws DatabaseUnavailableException when the server does not answer
	 */
	PostgresBenchDatabase(String serverUrl) {
		this.server = ConnectionFactories.get(ConnectionFactoryOptions.parse(serverUrl)
			.mutate()
			.option(ConnectionFactoryOptions.CONNECT_TIMEOUT, CONNECT_TIMEOUT)
			.build());
		try {
			Sql.execute(this.server, "CREATE SCHEMA " + this.schema);
		}
		catch (RuntimeException ex) {
			throw new DatabaseUnavailableException("PostgreSQL is not reachable at %s (%s): skipping it"
				.formatted(masked(serverUrl), rootMessage(ex)));
		}
		this.url = serverUrl + (serverUrl.contains("?") ? "&" : "?") + "schema=" + this.schema;
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
	public void reset() {
		Sql.execute(this.connectionFactory, "DROP TABLE IF EXISTS item",
				"CREATE TABLE item (id BIGSERIAL PRIMARY KEY, name VARCHAR(100) NOT NULL, quantity INT NOT NULL)",
				"INSERT INTO item (name, quantity) SELECT 'item-' || g, g % 100 FROM generate_series(1, "
						+ Scenario.SEED_ROWS + ") g");
	}

	@Override
	public void close() {
		Sql.execute(this.server, "DROP SCHEMA IF EXISTS " + this.schema + " CASCADE");
	}

	static String masked(String url) {
		return url.replaceAll("(//[^:/@]+:)[^@]*@", "$1****@");
	}

	static String rootMessage(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return cause.getClass().getSimpleName() + ((cause.getMessage() != null) ? ": " + cause.getMessage() : "");
	}

}
