package io.github.reactivesessions.benchmarks;

import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import reactor.netty.resources.LoopResources;

/**
 * Measures what users compare, in one application on one pool (see
 * {@code FieldApplication}): a read by id, an insert and commit and a page of 20 with its
 * total, each written with the starter's session, with Spring's template in a
 * {@code TransactionalOperator}, and with a Spring Data repository without a transaction.
 * The routes of a workload run in turn, in alternating order, so that the load of a shared
 * machine weighs on all of them alike; the table gives each route's requests per second,
 * latencies and the CPU time per request of the application's JVM and of the database.
 *
 * <pre class="code">
 * ./mvnw -B -pl benchmarks -am -Pfield-load -DskipTests verify [-Dfield.rounds=5 ...]
 * </pre>
 *
 * <p>The application runs in a JVM of its own, so that its CPU time is not the load
 * generator's. By default the command starts it on a fresh schema of the PostgreSQL server
 * and drops the schema at the end; {@code --serve} starts it and leaves it running for
 * another load generator, such as wrk, and {@code --url} measures one started that way.
 */
public final class FieldLoad {

	private static final ProcessCpu DATABASE = ProcessCpu.ofCommand("postgres");

	private final FieldOptions options;

	private final PrintStream out;

	/**
	 * Create the command.
	 * @param options its settings
	 * @param out where progress and the table are printed
	 */
	public FieldLoad(FieldOptions options, PrintStream out) {
		this.options = options;
		this.out = out;
	}

	/**
	 * Run every workload, print the table, and return the results.
	 * @return a result per route
	 * @throws DatabaseUnavailableException when PostgreSQL cannot be reached
	 * @throws IllegalStateException when the application does not start or a route does not
	 * answer its first request
	 */
	public List<FieldRouteResult> run() {
		this.out.println("reactive-sessions field load: " + this.options);
		String url = this.options.url();
		if (url != null) {
			return measure(url, (this.options.appPid() != 0) ? ProcessCpu.ofPid(this.options.appPid()) : null);
		}
		try (PostgresBenchDatabase database = new PostgresBenchDatabase(this.options.postgresUrl())) {
			database.reset();
			try (FieldApplicationProcess application = FieldApplicationProcess.start(database.url(),
					this.options.poolSize(), this.out)) {
				this.out.printf("Field application at %s, pid %d%n", application.url(), application.pid());
				return measure(application.url(), ProcessCpu.ofPid(application.pid()));
			}
		}
	}

	/**
	 * Start the application on a seeded schema and keep it running until this JVM is
	 * stopped, which stops it and drops the schema.
	 */
	void serve() throws InterruptedException {
		PostgresBenchDatabase database = new PostgresBenchDatabase(this.options.postgresUrl());
		FieldApplicationProcess application;
		try {
			database.reset();
			application = FieldApplicationProcess.start(database.url(), this.options.poolSize(), this.out);
		}
		catch (RuntimeException ex) {
			database.close();
			throw ex;
		}
		// Ctrl-C ends this JVM without running finally blocks: the hook stops the
		// application and drops the schema.
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			application.close();
			database.close();
		}, "field-serve-stop"));
		this.out.printf("Field application at %s, pid %d, on a table of %d items; its routes:%n", application.url(),
				application.pid(), Scenario.SEED_ROWS);
		for (FieldRoute route : FieldRoute.values()) {
			Scenario.Request request = route.request(0);
			this.out.printf("  %s %s%s  (%s: %s)%n", request.method(), application.url(), request.path(), route,
					route.code());
		}
		this.out.printf("Measure it with --url=%s --app-pid=%d, or for example%n  wrk -t2 -c64 -d10s %s%s%n",
				application.url(), application.pid(), application.url(), FieldRoute.READ_SESSION.request(0).path());
		this.out.println("Stop it with Ctrl-C: the schema is dropped.");
		application.await();
	}

	private List<FieldRouteResult> measure(String url, @Nullable ProcessCpu application) {
		LocalDateTime start = LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS);
		LoopResources loops = LoopResources.create("field-client", 2, true);
		List<FieldRouteResult> results = new ArrayList<>();
		try {
			for (Scenario scenario : this.options.scenarios()) {
				this.out.printf("%s %s%n", scenario, scenario.title());
				results.addAll(run(scenario, url, application, loops));
			}
		}
		finally {
			loops.dispose();
		}
		this.out.println();
		this.out.printf("%s to %s, %d cores seen by the JVM, Java %s; %s%n", start,
				LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS), Runtime.getRuntime().availableProcessors(),
				Runtime.version(), this.options);
		this.out.println();
		this.out.print(FieldTable.render(results));
		this.out.println();
		this.out.println("JVM CPU: " + ((application != null)
				? "the application's JVM (" + application + "); the load generator's, pid "
						+ ProcessHandle.current().pid() + ", is not counted"
				: "unknown, give --app-pid"));
		int databaseProcesses = DATABASE.read().size();
		this.out.println("Database CPU: " + ((databaseProcesses > 0)
				? DATABASE + " of this machine (" + databaseProcesses + " now), other clients' work included"
				: "unknown, no 'postgres' process visible in /proc"));
		FieldTable.readTarget(results).ifPresent(this.out::println);
		results.stream()
			.filter((result) -> result.firstFailure() != null)
			.forEach((result) -> this.out.printf("%s: first failure: %s%n", result.route(), result.firstFailure()));
		return results;
	}

	/**
	 * Run one workload: check that its routes answer alike, warm them up in alternating
	 * slices until none speeds up any more (see {@link WarmUp}), then run the measured
	 * rounds, the routes in turn, in one order then the other.
	 */
	private List<FieldRouteResult> run(Scenario scenario, String url, @Nullable ProcessCpu application,
			LoopResources loops) {
		List<FieldRoute> routes = FieldRoute.of(scenario);
		Map<FieldRoute, LoadGenerator> loads = new EnumMap<>(FieldRoute.class);
		try {
			for (FieldRoute route : routes) {
				loads.put(route,
						new LoadGenerator(route.toString(), route::request, url, this.options.concurrency(), loops));
			}
			FieldRoute reference = routes.get(0);
			String referenceAnswer = loads.get(reference).sample();
			for (FieldRoute route : routes.subList(1, routes.size())) {
				JsonShape.requireSame(scenario.title(), reference.side(), referenceAnswer, route.side(),
						loads.get(route).sample());
			}
			Map<FieldRoute, List<RoundResult>> warmups = new EnumMap<>(FieldRoute.class);
			Map<FieldRoute, List<FieldRound>> rounds = new EnumMap<>(FieldRoute.class);
			routes.forEach((route) -> {
				warmups.put(route, new ArrayList<>());
				rounds.put(route, new ArrayList<>());
			});
			Duration slice = this.options.warmup().dividedBy(WarmUp.MIN_SLICES);
			while (!slice.isZero()
					&& routes.stream().anyMatch((route) -> WarmUp.needsAnotherSlice(warmups.get(route)))) {
				for (FieldRoute route : routes) {
					warmups.get(route).add(loads.get(route).run(slice));
				}
			}
			if (!slice.isZero()) {
				this.out.printf("  warm-up: %d slices of %s per route%n", warmups.get(reference).size(),
						BenchmarkOptions.text(slice));
			}
			for (int i = 0; i < this.options.rounds(); i++) {
				List<FieldRoute> order = new ArrayList<>(routes);
				if (i % 2 == 1) {
					Collections.reverse(order);
				}
				for (FieldRoute route : order) {
					rounds.get(route).add(round(loads.get(route), application));
				}
				int round = i;
				this.out.printf("  round %d/%d: %s%n", i + 1, this.options.rounds(), routes.stream()
					.map((route) -> "%s %,.0f req/s".formatted(route.side(), rounds.get(route).get(round).throughput()))
					.collect(Collectors.joining(", ")));
			}
			return routes.stream().map((route) -> result(route, warmups.get(route), rounds.get(route))).toList();
		}
		finally {
			loads.values().forEach(LoadGenerator::close);
		}
	}

	private FieldRound round(LoadGenerator load, @Nullable ProcessCpu application) {
		Map<Long, Long> applicationBefore = (application != null) ? application.read() : Map.of();
		Map<Long, Long> databaseBefore = DATABASE.read();
		RoundResult result = load.run(this.options.duration());
		long applicationNanos = (application != null) ? ProcessCpu.nanosBetween(applicationBefore, application.read())
				: -1;
		return new FieldRound(result, applicationNanos, ProcessCpu.nanosBetween(databaseBefore, DATABASE.read()));
	}

	private static FieldRouteResult result(FieldRoute route, List<RoundResult> warmups, List<FieldRound> rounds) {
		List<RoundResult> all = new ArrayList<>(warmups);
		rounds.forEach((round) -> all.add(round.load()));
		return new FieldRouteResult(route, rounds, all.stream().mapToLong(RoundResult::failures).sum(),
				SideSummary.firstFailure(all));
	}

	/**
	 * Run the command; the exit status is 1 when a request failed, 2 for bad options, 3
	 * when it could not run (PostgreSQL unreachable, an application that did not start, a
	 * route that did not answer).
	 * @param args {@code --name=value} options, see {@link FieldOptions#USAGE}
	 */
	public static void main(String[] args) {
		FieldOptions options;
		try {
			options = FieldOptions.parse(args, System.getProperties());
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.err.println(FieldOptions.USAGE);
			System.exit(2);
			return;
		}
		FieldLoad command = new FieldLoad(options, System.out);
		long failures;
		try {
			if (options.serve()) {
				command.serve();
				failures = 0;
			}
			else {
				failures = command.run().stream().mapToLong(FieldRouteResult::failures).sum();
			}
		}
		catch (RuntimeException ex) {
			ex.printStackTrace();
			System.exit(3);
			return;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			System.exit(3);
			return;
		}
		System.exit((failures == 0) ? 0 : 1);
	}

}
