package io.github.reactivesessions.benchmarks;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.LongFunction;

import io.github.reactivesessions.benchmarks.app.CountingConnectionFactory;
import io.github.reactivesessions.benchmarks.app.Item;
import io.github.reactivesessions.benchmarks.app.Page;
import io.github.reactivesessions.session.ReactiveSessionFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.data.relational.core.query.Query;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * The session's own cost, without HTTP: the work of S2, S3 and S4 on a session of the
 * starter against the same work written with {@code R2dbcEntityTemplate} and
 * {@code TransactionalOperator}, in a loop in one JVM on an in-memory H2 database, in
 * alternating rounds; and for S1 the session filter of two middleware binds around a
 * filter chain that does nothing, against the chain alone ({@link WebFilterWork}).
 *
 * <p>It reports CPU time and bytes allocated per operation, of the whole JVM. With one
 * operation in flight the bytes hardly move from run to run, so a change to the session
 * shows in the difference between the two sides where the HTTP benchmark's ratios, which
 * move by several percent between runs on a shared machine, cannot resolve it (both sides'
 * figures can shift together from one JVM to the next). What it leaves out (the web filter,
 * argument resolution, views, JSON, the network) is what the HTTP benchmark adds, S1's filter
 * excepted. Unlike the HTTP benchmark, both sides share the benchmark's classes, so the JIT
 * compiles the code they share (Reactor, Spring, r2dbc-pool, H2) for both.
 *
 * <p>Options, as {@code --name=value} (an empty value keeps the default): {@code operations}
 * per round (20000), {@code rounds} per side (5), {@code in-flight} operations at once (1),
 * {@code scenarios} ({@code S1,S2,S3,S4}). S1's operation takes well under a microsecond:
 * it runs {@value #S1_OPERATIONS_FACTOR} times as many operations per round, so that the
 * process's CPU clock resolves them.
 */
public final class SessionLoop {

	static final String HEADER = "| work | CPU µs/operation starter / hand-written | CPU ratio hand-written / starter | "
			+ "KB allocated/operation starter / hand-written | difference KB |";

	static final int S1_OPERATIONS_FACTOR = 100;

	private static final int WARM_UP_PASSES = 3;

	private final int operations;

	private final int rounds;

	private final int inFlight;

	private final List<Scenario> scenarios;

	private final PrintStream out;

	SessionLoop(int operations, int rounds, int inFlight, List<Scenario> scenarios, PrintStream out) {
		if (!((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).isThreadAllocatedMemoryEnabled()) {
			throw new IllegalStateException("This JVM does not count the bytes its threads allocate");
		}
		if (operations < 1 || rounds < 1 || inFlight < 1 || scenarios.isEmpty()) {
			throw new IllegalArgumentException("operations, rounds and in-flight must be positive, and scenarios "
					+ "one or more of S1, S2, S3, S4, not " + operations + ", " + rounds + ", " + inFlight + ", "
					+ scenarios);
		}
		this.operations = operations;
		this.rounds = rounds;
		this.inFlight = inFlight;
		this.scenarios = scenarios;
		this.out = out;
	}

	/**
	 * Run the loop and print its table.
	 * @param args {@code --name=value} options
	 */
	public static void main(String[] args) {
		int operations = 20000;
		int rounds = 5;
		int inFlight = 1;
		List<Scenario> scenarios = List.of(Scenario.values());
		for (String arg : args) {
			String[] option = arg.replaceFirst("^--", "").split("=", 2);
			String name = option[0];
			if (!List.of("operations", "rounds", "in-flight", "scenarios").contains(name) || option.length != 2) {
				throw new IllegalArgumentException("Unknown option '" + arg
						+ "': use --operations=N, --rounds=N, --in-flight=N or --scenarios=S1,S2,S3,S4");
			}
			String value = option[1];
			if (value.isEmpty()) {
				// Maven passes an option it was not given as empty: the default stands.
				continue;
			}
			switch (name) {
				case "operations" -> operations = number(name, value);
				case "rounds" -> rounds = number(name, value);
				case "in-flight" -> inFlight = number(name, value);
				default -> scenarios = Arrays.stream(value.split(",")).map(String::trim).map(Scenario::parse).toList();
			}
		}
		new SessionLoop(operations, rounds, inFlight, scenarios, System.out).run();
		System.exit(0);
	}

	private static int number(String name, String value) {
		try {
			return Integer.parseInt(value);
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(name + " must be a whole number, not '" + value + "'");
		}
	}

	/**
	 * Run every scenario, each on a database of its own, and print the table.
	 * @return the rows printed
	 */
	List<String> run() {
		this.out.printf(Locale.ROOT, "reactive-sessions session loop: %d operations per round (S1: %d), %d rounds "
				+ "per side, %d in flight, H2 in memory, pools of 10%n", this.operations,
				this.operations * S1_OPERATIONS_FACTOR, this.rounds, this.inFlight);
		List<String> rows = new ArrayList<>();
		for (Scenario scenario : this.scenarios) {
			rows.add(run(scenario));
		}
		this.out.println(HEADER);
		this.out.println("|---|---:|---:|---:|---:|");
		rows.forEach(this.out::println);
		return rows;
	}

	private String run(Scenario scenario) {
		try (H2BenchDatabase database = new H2BenchDatabase()) {
			database.reset();
			CountingConnectionFactory starterPool = CountingConnectionFactory.pool("starter", database.url(), 10);
			try {
				if (scenario == Scenario.S1) {
					return compareFilter(starterPool);
				}
				CountingConnectionFactory handPool = CountingConnectionFactory.pool("hand", database.url(), 10);
				try {
					return compare(scenario, this.operations,
							starterWork(scenario, ReactiveSessionFactory.builder(starterPool).build()),
							handWork(scenario, new R2dbcEntityTemplate(handPool),
									TransactionalOperator.create(new R2dbcTransactionManager(handPool))));
				}
				finally {
					handPool.destroy();
				}
			}
			finally {
				starterPool.destroy();
			}
		}
	}

	private String compareFilter(CountingConnectionFactory pool) {
		WebFilterWork work = new WebFilterWork(pool);
		String row = compare(Scenario.S1, this.operations * S1_OPERATIONS_FACTOR, work::starter, work::handWritten);
		if (pool.acquisitions() != 0) {
			throw new IllegalStateException("S1 took " + pool.acquisitions() + " connections: its sessions are not lazy");
		}
		return row;
	}

	private String compare(Scenario scenario, int operations, LongFunction<Mono<?>> starter,
			LongFunction<Mono<?>> hand) {
		for (int pass = 0; pass < WARM_UP_PASSES; pass++) {
			loop(starter, operations);
			loop(hand, operations);
		}
		double[][] starterFigures = new double[2][this.rounds];
		double[][] handFigures = new double[2][this.rounds];
		for (int round = 0; round < this.rounds; round++) {
			// Alternate which side goes first, as the HTTP benchmark does.
			boolean starterFirst = round % 2 == 0;
			measure(starterFirst ? starter : hand, operations, starterFirst ? starterFigures : handFigures, round);
			measure(starterFirst ? hand : starter, operations, starterFirst ? handFigures : starterFigures, round);
		}
		double starterCpu = median(starterFigures[0]);
		double handCpu = median(handFigures[0]);
		double starterKb = median(starterFigures[1]);
		double handKb = median(handFigures[1]);
		if (scenario == Scenario.S1) {
			// The hand-written side of S1 does next to nothing: a ratio to it means nothing.
			return String.format(Locale.ROOT, "| %s %s | %.3f / %.3f | – | %.2f / %.2f | %+.2f |", scenario,
					scenario.title(), starterCpu, handCpu, starterKb, handKb, starterKb - handKb);
		}
		return String.format(Locale.ROOT, "| %s %s | %.1f / %.1f | %.3f | %.2f / %.2f | %+.2f |", scenario,
				scenario.title(), starterCpu, handCpu, handCpu / starterCpu, starterKb, handKb, starterKb - handKb);
	}

	private static LongFunction<Mono<?>> starterWork(Scenario scenario, ReactiveSessionFactory sessions) {
		return switch (scenario) {
			case S2 -> (n) -> sessions.withSession((session) -> session.begin((s) -> s.get(Item.class, Scenario.itemId(n))));
			case S3 -> (n) -> sessions.withSession((session) -> {
				Item item = session.add(newItem(n));
				return session.commit().thenReturn(item);
			});
			case S4 -> (n) -> sessions.withSession((session) -> session.count(Item.class, Query.empty())
				.flatMap((total) -> session.select(Item.class, Page.query(Scenario.pageKey(n))).collectList()));
			case S1 -> throw new IllegalArgumentException("S1 is the web filter's work (WebFilterWork)");
		};
	}

	private static LongFunction<Mono<?>> handWork(Scenario scenario, R2dbcEntityTemplate template,
			TransactionalOperator transactions) {
		return switch (scenario) {
			case S2 -> (n) -> template.selectOne(Query.query(Criteria.where("id").is(Scenario.itemId(n))), Item.class)
				.as(transactions::transactional);
			case S3 -> (n) -> template.insert(newItem(n)).as(transactions::transactional);
			case S4 -> (n) -> template.select(Page.query(Scenario.pageKey(n)), Item.class)
				.collectList()
				.flatMap((items) -> template.count(Query.empty(), Item.class))
				.as(transactions::transactional);
			case S1 -> throw new IllegalArgumentException("S1 is the web filter's work (WebFilterWork)");
		};
	}

	private void measure(LongFunction<Mono<?>> work, int operations, double[][] figures, int round) {
		com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory
			.getOperatingSystemMXBean();
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		System.gc();
		long cpu = os.getProcessCpuTime();
		long bytes = threads.getTotalThreadAllocatedBytes();
		loop(work, operations);
		figures[0][round] = (os.getProcessCpuTime() - cpu) / 1000.0 / operations;
		figures[1][round] = (threads.getTotalThreadAllocatedBytes() - bytes) / 1024.0 / operations;
	}

	private void loop(LongFunction<Mono<?>> work, int operations) {
		Flux.range(0, operations).flatMap(work::apply, this.inFlight).then().block(Duration.ofMinutes(10));
	}

	private static Item newItem(long n) {
		Item item = new Item();
		item.setName("added-" + n);
		item.setQuantity((int) (n % 100));
		return item;
	}

	private static double median(double[] values) {
		return SideSummary.median(Arrays.stream(values).boxed().toList(), Double::doubleValue);
	}

}
