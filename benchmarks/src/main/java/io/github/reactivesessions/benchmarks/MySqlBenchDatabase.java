package io.github.reactivesessions.benchmarks;

import java.time.Duration;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;

/**
 * A database of the benchmark's own on a MariaDB or MySQL server, named
 * {@code sa_bench_<random>} and dropped with everything in it when closed: the
 * counterpart of {@link PostgresBenchDatabase}'s schema, since a MySQL schema is a
 * database. Connections of {@link #url()} have it as their current database.
 */
final class MySqlBenchDatabase implements BenchDatabase {

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

	private final ConnectionFactory server;

	private final String database = "sa_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);

	private final String url;

	private final ConnectionFactory connectionFactory;

	/**
	 * Create the database.
	 * @param serverUrl R2DBC url of the server, with a database that exists
	 * @throws DatabaseUnavailableException when the server does not answer
	 */
	MySqlBenchDatabase(String serverUrl) {
		ConnectionFactoryOptions options = ConnectionFactoryOptions.parse(serverUrl);
		this.server = ConnectionFactories
			.get(options.mutate().option(ConnectionFactoryOptions.CONNECT_TIMEOUT, CONNECT_TIMEOUT).build());
		try {
			Sql.execute(this.server, "CREATE DATABASE " + this.database);
		}
		catch (RuntimeException ex) {
			throw new DatabaseUnavailableException("MariaDB/MySQL is not reachable at %s (%s): skipping it"
				.formatted(PostgresBenchDatabase.masked(serverUrl), PostgresBenchDatabase.rootMessage(ex)));
		}
		// The url's database is its path: the one created takes its place, the query stays.
		Object current = options.getValue(ConnectionFactoryOptions.DATABASE);
		int query = serverUrl.indexOf('?');
		String base = (query >= 0) ? serverUrl.substring(0, query) : serverUrl;
		String path = (current != null && base.endsWith("/" + current))
				? base.substring(0, base.length() - current.toString().length()) : base + "/";
		this.url = path + this.database + ((query >= 0) ? serverUrl.substring(query) : "");
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
	public void reset() {
		String rows = IntStream.rangeClosed(1, Scenario.SEED_ROWS)
			.mapToObj((i) -> "('item-%d', %d)".formatted(i, i % 100))
			.collect(Collectors.joining(", "));
		Sql.execute(this.connectionFactory, "DROP TABLE IF EXISTS item",
				"CREATE TABLE item (id BIGINT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100) NOT NULL, quantity INT NOT NULL)",
				"INSERT INTO item (name, quantity) VALUES " + rows);
	}

	@Override
	public void close() {
		Sql.execute(this.server, "DROP DATABASE IF EXISTS " + this.database);
	}

}
