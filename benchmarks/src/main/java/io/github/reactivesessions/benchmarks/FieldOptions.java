package io.github.reactivesessions.benchmarks;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Settings of the field load command ({@link FieldLoad}), read from {@code field.*} system
 * properties and {@code --name=value} arguments (arguments win; an empty value keeps the
 * default).
 *
 * @param duration length of one measured round of a route
 * @param warmup shortest warm-up of each route, longer while one of a workload's routes
 * still speeds up
 * @param rounds measured rounds of each route, the routes of a workload one after the other
 * @param concurrency HTTP connections, each with one request in flight (closed loop)
 * @param poolSize connections of the application's one pool
 * @param scenarios the workloads, in the order they run (inserts last: they grow the table)
 * @param postgresUrl R2DBC url of the PostgreSQL server the command starts the application on
 * @param url url of an application already running (one that {@code serve} started), or
 * {@code null} to start one
 * @param appPid pid of that application, for its CPU time, or 0 when unknown
 * @param serve whether to start the application and keep it running, for another load
 * generator, instead of measuring
 */
public record FieldOptions(Duration duration, Duration warmup, int rounds, int concurrency, int poolSize,
		List<Scenario> scenarios, String postgresUrl, @Nullable String url, long appPid, boolean serve) {

	static final String USAGE = """
			Options (--name=value, or -Dfield.name=value):
			  quick        true: a few seconds per workload, to check that every route answers
			               (rounds of 200ms, no warm-up, 16 connections)
			  duration     length of a measured round of a route (10s)
			  warmup       shortest warm-up of each route before the rounds, in three slices
			               alternating between the routes, longer while one still speeds up (9s)
			  rounds       measured rounds per route, the order of the routes alternating,
			               at least 3 (3)
			  concurrency  concurrent HTTP connections, closed loop (64)
			  pool-size    connections of the application's pool (10)
			  scenarios    comma-separated workloads, from S2 (read by id), S3 (insert and
			               commit), S4 (page of 20 with total) (all; run as S2, S4, S3)
			  postgres-url R2DBC url of the PostgreSQL server ($SA_TEST_POSTGRES_URL or
			               r2dbc:postgresql://postgres@127.0.0.1:5432/test)
			  url          measure an application started with serve at this url instead of
			               starting one
			  app-pid      with url: the pid of that application, for its CPU time
			  serve        true: start the application on a seeded schema and keep it
			               running until stopped (Ctrl-C), for another load generator""";

	private static final Set<String> NAMES = Set.of("quick", "duration", "warmup", "rounds", "concurrency",
			"pool-size", "scenarios", "postgres-url", "url", "app-pid", "serve");

	/**
	 * The order the workloads run in: inserts grow the table that the pages count.
	 */
	private static final List<Scenario> ORDER = List.of(Scenario.S2, Scenario.S4, Scenario.S3);

	/**
	 * Check the settings.
	 */
	public FieldOptions {
		BenchmarkOptions.require(!duration.isNegative() && !duration.isZero(), "duration must be positive");
		BenchmarkOptions.require(!warmup.isNegative(), "warmup must not be negative");
		BenchmarkOptions.require(rounds >= 3, "rounds must be at least 3, so that a median of ratios means something");
		BenchmarkOptions.require(concurrency > 0, "concurrency must be positive");
		BenchmarkOptions.require(poolSize > 0, "pool-size must be positive");
		BenchmarkOptions.require(!scenarios.isEmpty() && ORDER.containsAll(scenarios),
				"scenarios must be one or more of S2, S3, S4");
		BenchmarkOptions.require(url == null || !serve, "serve starts an application: it cannot go with url");
		BenchmarkOptions.require(appPid == 0 || url != null, "app-pid names the application of url: give both");
		scenarios = scenarios.stream().distinct().sorted(Comparator.comparingInt(ORDER::indexOf)).toList();
	}

	/**
	 * The quick mode with every other setting at its default.
	 * @return quick options
	 */
	public static FieldOptions quick() {
		return parse(new String[] { "--quick" }, new Properties());
	}

	/**
	 * Read the settings from system properties and arguments.
	 * @param args {@code --name=value} arguments
	 * @param systemProperties system properties, of which {@code field.*} are read
	 * @return the settings
	 * @throws IllegalArgumentException for an unknown name or a bad value
	 */
	public static FieldOptions parse(String[] args, Properties systemProperties) {
		Map<String, String> values = BenchmarkOptions.values("field.", NAMES, args, systemProperties);
		boolean quick = BenchmarkOptions.bool(values.get("quick"));
		Duration defaultDuration = quick ? Duration.ofMillis(200) : Duration.ofSeconds(10);
		Duration defaultWarmup = quick ? Duration.ZERO : Duration.ofSeconds(9);
		String appPid = values.get("app-pid");
		return new FieldOptions(BenchmarkOptions.duration(values.get("duration"), defaultDuration),
				BenchmarkOptions.duration(values.get("warmup"), defaultWarmup),
				BenchmarkOptions.integer(values.get("rounds"), 3),
				BenchmarkOptions.integer(values.get("concurrency"), quick ? 16 : 64),
				BenchmarkOptions.integer(values.get("pool-size"), 10),
				BenchmarkOptions.list(values.get("scenarios"), Scenario::parse, ORDER),
				values.getOrDefault("postgres-url", BenchmarkOptions.defaultPostgresUrl()), values.get("url"),
				(appPid != null) ? BenchmarkOptions.integer(appPid, 0) : 0,
				BenchmarkOptions.bool(values.get("serve")));
	}

	@Override
	public String toString() {
		String warmup = this.warmup.isZero() ? "without warm-up"
				: "after a warm-up of at least " + BenchmarkOptions.text(this.warmup);
		return "%d rounds of %s per route %s, %d connections, a pool of %d%s".formatted(this.rounds,
				BenchmarkOptions.text(this.duration), warmup, this.concurrency, this.poolSize,
				(this.url != null) ? ", application at " + this.url : "");
	}

}
