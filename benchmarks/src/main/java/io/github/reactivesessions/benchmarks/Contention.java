package io.github.reactivesessions.benchmarks;

import java.io.PrintStream;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import reactor.netty.resources.LoopResources;

import io.github.reactivesessions.benchmarks.contention.ContentionApplication;

/**
 * Money transfers among a few accounts, many clients at once: with the starter's
 * {@code begin} blocks that retry, no request should fail; without retry, the deadlocks
 * the database breaks fail requests. Each transfer updates its two accounts in the order
 * of the request and logs itself, in one block at the database's default isolation (see
 * {@code TransferRoutes}), so random pairs of accounts deadlock on PostgreSQL as on
 * MariaDB and MySQL. On PostgreSQL a read-modify-write transfer at SERIALIZABLE runs both
 * ways too, for serialization failures.
 *
 * <pre class="code">
 * ./mvnw -B -pl benchmarks -am -Pcontention -DskipTests verify [-Dcontention.rounds=3 ...]
 * </pre>
 *
 * <p>On each database the command creates a namespace of its own (a schema, a database),
 * starts the application in a JVM of its own on it, as the field load does (see
 * {@link FieldApplicationProcess}), runs the rounds of its routes in turn, in one order
 * then the other, and reads after each round the application's counts of attempts and
 * retries by cause. At the end it checks the ledger (see {@link Ledger}): a transfer lost
 * or doubled is a bug, which is printed loudly and ends the command with a failure.
 */
public final class Contention {

	private final ContentionOptions options;

	private final PrintStream out;

	/**
	 * Create the command.
	 * @param options its settings
	 * @param out where progress and the table are printed
	 */
	public Contention(ContentionOptions options, PrintStream out) {
		this.options = options;
		this.out = out;
	}

	/**
	 * Run the routes on every database that answers, print the table and the check of
	 * each ledger, and return them.
	 * @return the results, with what is wrong with each ledger and the databases skipped
	 * @throws IllegalStateException when the application does not start
	 */
	public Report run() {
		this.out.println("reactive-sessions contention: " + this.options);
		LocalDateTime start = LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS);
		List<ContentionResult> results = new ArrayList<>();
		Map<ContentionServer, List<String>> problems = new EnumMap<>(ContentionServer.class);
		Map<ContentionServer, String> settings = new EnumMap<>(ContentionServer.class);
		List<String> skipped = new ArrayList<>();
		LoopResources loops = LoopResources.create("contention-client", 2, true);
		try {
			for (ContentionServer server : this.options.databases()) {
				BenchDatabase database;
				try {
					database = server.open(this.options.url(server));
				}
				catch (DatabaseUnavailableException ex) {
					this.out.println(ex.getMessage());
					skipped.add(ex.getMessage());
					continue;
				}
				try (database) {
					ConnectionFactory connections = ConnectionFactories.get(database.url());
					Ledger.create(connections, this.options.accounts());
					settings.put(server,
							Sql.query(connections, server.settingsQuery(), (row) -> row.get(0, String.class)).get(0));
					this.out.printf("%s: %s%n", server.label(), settings.get(server));
					List<ContentionResult> measured;
					try (FieldApplicationProcess application = FieldApplicationProcess.start(
							ContentionApplication.class, ContentionApplication.LISTENING, database.url(),
							this.options.poolSize(), this.out)) {
						this.out.printf("Contention application at %s, pid %d%n", application.url(), application.pid());
						measured = measure(server, application.url(), loops);
					}
					results.addAll(measured);
					long answered = measured.stream().mapToLong(ContentionResult::successes).sum();
					problems.put(server, Ledger.read(connections).problems(this.options.accounts(), answered));
				}
			}
		}
		finally {
			loops.dispose();
		}
		Report report = new Report(results, problems, skipped);
		print(report, start, settings);
		return report;
	}

	private List<ContentionResult> measure(ContentionServer server, String url, LoopResources loops) {
		Map<ContentionRoute, LoadGenerator> loads = new EnumMap<>(ContentionRoute.class);
		Map<ContentionRoute, List<RoundResult>> rounds = new EnumMap<>(ContentionRoute.class);
		Map<ContentionRoute, BeginCounts> counts = new EnumMap<>(ContentionRoute.class);
		List<ContentionRoute> routes = ContentionRoute.on(server);
		try (LoadGenerator meters = new LoadGenerator("meters", (n) -> Scenario.Request.get("/meters"), url, 1,
				loops)) {
			for (ContentionRoute route : routes) {
				loads.put(route, new LoadGenerator(route.label(), (n) -> route.request(n, this.options.accounts()), url,
						this.options.concurrency(), loops));
				rounds.put(route, new ArrayList<>());
				counts.put(route, BeginCounts.NONE);
			}
			for (int i = 0; i < this.options.rounds(); i++) {
				List<ContentionRoute> order = new ArrayList<>(routes);
				if (i % 2 == 1) {
					Collections.reverse(order);
				}
				for (ContentionRoute route : order) {
					BeginCounts before = BeginCounts.parse(meters.sample());
					rounds.get(route).add(loads.get(route).run(this.options.duration()));
					BeginCounts during = BeginCounts.parse(meters.sample()).minus(before);
					counts.put(route, counts.get(route).plus(during));
				}
				int round = i;
				this.out.printf("  %s round %d/%d: %s%n", server.label(), i + 1, this.options.rounds(),
						routes.stream().map((route) -> describe(route, rounds.get(route).get(round)))
							.collect(Collectors.joining("; ")));
			}
			return routes.stream()
				.map((route) -> new ContentionResult(server, route, rounds.get(route), loads.get(route).failureKinds(),
						counts.get(route)))
				.toList();
		}
		finally {
			loads.values().forEach(LoadGenerator::close);
		}
	}

	private static String describe(ContentionRoute route, RoundResult round) {
		return String.format(Locale.ROOT, "%s %,.0f transfers/s, %,d of %,d failed", route.label(), round.throughput(),
				round.failures(), round.requests());
	}

	private void print(Report report, LocalDateTime start, Map<ContentionServer, String> settings) {
		this.out.println();
		this.out.printf("%s to %s, %d cores seen by the JVM, Java %s; %s%n", start,
				LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS), Runtime.getRuntime().availableProcessors(),
				Runtime.version(), this.options);
		settings.forEach((server, text) -> this.out.printf("%s: %s%n", server.label(), text));
		this.out.println();
		this.out.print(ContentionTable.render(report.results()));
		this.out.println();
		report.results()
			.stream()
			.filter((result) -> result.firstFailure() != null)
			.forEach((result) -> this.out.printf("%s, %s: first failure: %s%n", result.server().label(),
					result.route().label(), result.firstFailure()));
		report.problems().forEach((server, problems) -> {
			if (problems.isEmpty()) {
				this.out.printf("Ledger on %s: every transfer that answered 2xx landed once, the balances add up%n",
						server.label());
			}
			else {
				this.out.printf("!!!! LEDGER BROKEN on %s: a transfer was lost or doubled !!!!%n", server.label());
				problems.forEach((problem) -> this.out.println("!!!!   " + problem));
			}
		});
		report.skipped().forEach(this.out::println);
	}

	/**
	 * Run the command; the exit status is 1 when a request of the two UPDATEs that retry
	 * failed, 2 for bad options, 3 when it could not run (an application that did not
	 * start), 4 when a ledger is broken. Failed requests of the SERIALIZABLE route that
	 * retries are reported, not a failure of the command: at this contention they can use
	 * up all their attempts (benchmarks/README.md).
	 * @param args {@code --name=value} options, see {@link ContentionOptions#USAGE}
	 */
	public static void main(String[] args) {
		ContentionOptions options;
		try {
			options = ContentionOptions.parse(args, System.getProperties());
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.err.println(ContentionOptions.USAGE);
			System.exit(2);
			return;
		}
		Report report;
		try {
			report = new Contention(options, System.out).run();
		}
		catch (RuntimeException ex) {
			ex.printStackTrace();
			System.exit(3);
			return;
		}
		if (!report.ledgersHold()) {
			System.exit(4);
		}
		System.exit((report.retryFailures() == 0) ? 0 : 1);
	}

	/**
	 * What a run gave.
	 *
	 * @param results a result per database and route
	 * @param problems what is wrong with the ledger of each database, nothing when it holds
	 * @param skipped why each database that did not answer was skipped
	 */
	public record Report(List<ContentionResult> results, Map<ContentionServer, List<String>> problems,
			List<String> skipped) {

		public Report {
			results = List.copyOf(results);
			problems = new LinkedHashMap<>(problems);
			skipped = List.copyOf(skipped);
		}

		/**
		 * Return whether every ledger checked holds.
		 */
		boolean ledgersHold() {
			return this.problems.values().stream().allMatch(List::isEmpty);
		}

		/**
		 * Return the failed requests of the two UPDATEs that retry, on every database.
		 */
		long retryFailures() {
			return this.results.stream()
				.filter((result) -> result.route() == ContentionRoute.RETRY)
				.mapToLong(ContentionResult::failures)
				.sum();
		}

	}

}
