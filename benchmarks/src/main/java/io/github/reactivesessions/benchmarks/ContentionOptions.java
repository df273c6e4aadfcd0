package io.github.reactivesessions.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Settings of the contention benchmark ({@link Contention}), read from
 * {@code contention.*} system properties and {@code --name=value} arguments (arguments win;
 * an empty value keeps the default).
 *
 * @param duration length of one measured round of a route
 * @param rounds measured rounds of each route on each database, the two routes in turn
 * @param concurrency HTTP connections, each with one request in flight (closed loop)
 * @param accounts accounts the transfers move money among: the fewer, the more conflicts
 * @param poolSize connections of the application's pool, so transactions at once
 * @param databases the database servers, in the order they run
 * @param postgresUrl R2DBC url of the PostgreSQL server
 * @param mysqlUrl R2DBC url of the MariaDB or MySQL server
 */
public record ContentionOptions(Duration duration, int rounds, int concurrency, int accounts, int poolSize,
		List<ContentionServer> databases, String postgresUrl, String mysqlUrl) {

	static final String USAGE = """
			Options (--name=value, or -Dcontention.name=value):
			  quick        true: one round of 2s per route with 8 connections, to check that the
			               command runs
			  duration     length of a measured round of a route (10s)
			  rounds       measured rounds per route and database, the routes in turn (3)
			  concurrency  concurrent HTTP connections, closed loop (64)
			  accounts     accounts the transfers move money among, at least 2 (10)
			  pool-size    connections of the application's pool (10)
			  databases    comma-separated, from postgres,mysql (postgres,mysql)
			  postgres-url R2DBC url of the PostgreSQL server ($SA_TEST_POSTGRES_URL or
			               r2dbc:postgresql://postgres@127.0.0.1:5432/test)
			  mysql-url    R2DBC url of the MariaDB or MySQL server ($SA_TEST_MYSQL_URL or
			               r2dbc:mysql://root@127.0.0.1:3306/test)""";

	private static final Set<String> NAMES = Set.of("quick", "duration", "rounds", "concurrency", "accounts",
			"pool-size", "databases", "postgres-url", "mysql-url");

	/**
	 * Check the settings.
	 */
	public ContentionOptions {
		BenchmarkOptions.require(!duration.isNegative() && !duration.isZero(), "duration must be positive");
		BenchmarkOptions.require(rounds >= 1, "rounds must be at least 1");
		BenchmarkOptions.require(concurrency > 0, "concurrency must be positive");
		BenchmarkOptions.require(accounts >= 2, "accounts must be at least 2: a transfer needs two");
		BenchmarkOptions.require(poolSize > 0, "pool-size must be positive");
		BenchmarkOptions.require(!databases.isEmpty(), "databases must not be empty");
		databases = databases.stream().distinct().toList();
	}

	/**
	 * The quick mode with every other setting at its default.
	 * @return quick options
	 */
	public static ContentionOptions quick() {
		return parse(new String[] { "--quick" }, new Properties());
	}

	/**
	 * Read the settings from system properties and arguments.
	 * @param args {@code --name=value} arguments
	 * @param systemProperties system properties, of which {@code contention.*} are read
	 * @return the settings
	 * @throws IllegalArgumentException for an unknown name or a bad value
	 */
	public static ContentionOptions parse(String[] args, Properties systemProperties) {
		Map<String, String> values = BenchmarkOptions.values("contention.", NAMES, args, systemProperties);
		boolean quick = BenchmarkOptions.bool(values.get("quick"));
		return new ContentionOptions(
				BenchmarkOptions.duration(values.get("duration"), quick ? Duration.ofSeconds(2) : Duration.ofSeconds(10)),
				BenchmarkOptions.integer(values.get("rounds"), quick ? 1 : 3),
				BenchmarkOptions.integer(values.get("concurrency"), quick ? 8 : 64),
				BenchmarkOptions.integer(values.get("accounts"), 10),
				BenchmarkOptions.integer(values.get("pool-size"), 10),
				BenchmarkOptions.list(values.get("databases"), ContentionServer::parse,
						List.of(ContentionServer.values())),
				values.getOrDefault("postgres-url", ContentionServer.POSTGRES.defaultUrl()),
				values.getOrDefault("mysql-url", ContentionServer.MYSQL.defaultUrl()));
	}

	/**
	 * Return the url of a server.
	 * @param server the server
	 * @return its R2DBC url
	 */
	String url(ContentionServer server) {
		return (server == ContentionServer.POSTGRES) ? this.postgresUrl : this.mysqlUrl;
	}

	@Override
	public String toString() {
		return "%d rounds of %s per route and database, %d connections, %d accounts, a pool of %d".formatted(
				this.rounds, BenchmarkOptions.text(this.duration), this.concurrency, this.accounts, this.poolSize);
	}

}
