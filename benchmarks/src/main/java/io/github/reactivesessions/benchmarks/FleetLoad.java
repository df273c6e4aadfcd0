package io.github.reactivesessions.benchmarks;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import reactor.netty.resources.LoopResources;

/**
 * One, two and three instances of the field application (each a JVM of its own with its own
 * pool), on PostgreSQL directly and through PgBouncer in transaction mode, for the read by
 * id and the insert of the starter: what a fleet gets from a pooler on this machine. The
 * load generator spreads its connections over the instances, one generator per instance;
 * a round's requests per second are their sum and its latencies theirs together.
 *
 * <pre class="code">
 * ./mvnw -B -pl benchmarks -am -Pfleet-load -DskipTests verify [-Dfleet.rounds=5 ...]
 * </pre>
 *
 * <p>A database of its own ({@code CREATE DATABASE}, dropped at the end): PgBouncer's
 * transaction mode refuses the {@code schema} option the other benchmarks use. Behind
 * PgBouncer the url carries {@code preparedStatementCacheQueries=0}, what
 * {@code pooler: transaction} sets on a bind built from a url (the field application builds
 * its own pool).
 */
public final class FleetLoad {

	private static final List<FieldRoute> ROUTES = List.of(FieldRoute.READ_SESSION, FieldRoute.INSERT_SESSION);

	private final Map<String, String> options;

	private final PrintStream out;

	FleetLoad(Map<String, String> options, PrintStream out) {
		this.options = options;
		this.out = out;
	}

	public static void main(String[] args) {
		Map<String, String> options = new HashMap<>(Map.of("instances", "1,2,3", "targets", "direct,pgbouncer",
				"duration", "10s", "warmup", "10s", "rounds", "3", "concurrency", "60", "pool-size", "10",
				"postgres-url", "r2dbc:postgresql://postgres@127.0.0.1:5432/test", "pgbouncer-url",
				"r2dbc:postgresql://postgres@127.0.0.1:6432/test"));
		for (String arg : args) {
			int equals = arg.indexOf('=');
			if (arg.startsWith("--") && equals > 2 && equals < arg.length() - 1) {
				options.put(arg.substring(2, equals), arg.substring(equals + 1));
			}
		}
		new FleetLoad(options, System.out).run();
	}

	void run() {
		this.out.println("reactive-sessions fleet load: " + this.options);
		String database = "sa_bench_fleet_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		ConnectionFactory server = ConnectionFactories.get(option("postgres-url"));
		Sql.execute(server, "CREATE DATABASE " + database);
		List<String> rows = new ArrayList<>();
		try {
			ConnectionFactory direct = ConnectionFactories.get(withDatabase(option("postgres-url"), database));
			Sql.execute(direct, "CREATE TABLE item (id BIGSERIAL PRIMARY KEY, name VARCHAR(100) NOT NULL, quantity INT NOT NULL)",
					"INSERT INTO item (name, quantity) SELECT 'item-' || g, g % 100 FROM generate_series(1, "
							+ Scenario.SEED_ROWS + ") g");
			LoopResources loops = LoopResources.create("fleet-client", 2, true);
			try {
				for (FieldRoute route : ROUTES) {
					for (String target : option("targets").split(",")) {
						String url = target.equals("pgbouncer")
								? withDatabase(option("pgbouncer-url"), database) + "?preparedStatementCacheQueries=0"
								: withDatabase(option("postgres-url"), database);
						for (String instances : option("instances").split(",")) {
							rows.add(measure(route, target, url, Integer.parseInt(instances), loops));
						}
					}
				}
			}
			finally {
				loops.disposeLater().block();
			}
		}
		finally {
			Sql.execute(server, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
		}
		this.out.println();
		this.out.println("| workload | database | instances | req/s | p50 ms | p99 ms | failed |");
		this.out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
		rows.forEach(this.out::println);
	}

	private String measure(FieldRoute route, String target, String url, int instances, LoopResources loops) {
		int poolSize = Integer.parseInt(option("pool-size"));
		int concurrency = Integer.parseInt(option("concurrency"));
		List<FieldApplicationProcess> applications = new ArrayList<>();
		List<LoadGenerator> generators = new ArrayList<>();
		try {
			for (int i = 0; i < instances; i++) {
				FieldApplicationProcess application = FieldApplicationProcess.start(url, poolSize, this.out);
				applications.add(application);
				generators.add(new LoadGenerator(route + "#" + i, route::request, application.url(),
						concurrency / instances, loops));
			}
			generators.forEach(LoadGenerator::sample);
			round(generators, Duration.parse("PT" + option("warmup").toUpperCase()));
			List<double[]> rounds = new ArrayList<>();
			long failed = 0;
			for (int r = 0; r < Integer.parseInt(option("rounds")); r++) {
				RoundResult result = round(generators, Duration.parse("PT" + option("duration").toUpperCase()));
				rounds.add(new double[] { result.successes() * 1e9 / result.elapsedNanos(),
						percentile(result.latencies(), 0.50), percentile(result.latencies(), 0.99) });
				failed += result.failures();
			}
			double[] median = median(rounds);
			String row = "| %s | %s | %d | %,.0f | %.2f | %.2f | %d |".formatted(
					(route.scenario() == Scenario.S2) ? "read by id" : "insert and commit", target, instances, median[0],
					median[1], median[2], failed);
			this.out.println(row);
			return row;
		}
		finally {
			generators.forEach(LoadGenerator::close);
			applications.forEach(FieldApplicationProcess::close);
		}
	}

	// Every generator for the same duration at once; their results as one round's.
	private static RoundResult round(List<LoadGenerator> generators, Duration duration) {
		List<CompletableFuture<RoundResult>> running = generators.stream()
			.map((generator) -> CompletableFuture.supplyAsync(() -> generator.run(duration)))
			.toList();
		List<RoundResult> results = running.stream().map(CompletableFuture::join).toList();
		long successes = results.stream().mapToLong(RoundResult::successes).sum();
		long failures = results.stream().mapToLong(RoundResult::failures).sum();
		long elapsed = results.stream().mapToLong(RoundResult::elapsedNanos).max().orElse(1);
		long[] latencies = results.stream().flatMapToLong((result) -> Arrays.stream(result.latencies())).sorted().toArray();
		return new RoundResult(successes, failures, elapsed, 0, 0, latencies, null);
	}

	private static double percentile(long[] sorted, double quantile) {
		if (sorted.length == 0) {
			return Double.NaN;
		}
		return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
	}

	private static double[] median(List<double[]> rounds) {
		double[] median = new double[3];
		for (int i = 0; i < 3; i++) {
			int column = i;
			double[] values = rounds.stream().mapToDouble((round) -> round[column]).sorted().toArray();
			median[i] = values[values.length / 2];
		}
		return median;
	}

	private String option(String name) {
		return this.options.get(name);
	}

	private static String withDatabase(String serverUrl, String database) {
		return serverUrl.replaceFirst("/[^/?]*(\\?.*)?$", "/" + database);
	}

}
