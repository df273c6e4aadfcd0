package io.github.reactivesessions.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;

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
 * excepted. As in the HTTP benchmark, each side's work ({@link LoopWork}) runs with a class
 * loader of its own for each scenario, so the JIT compiles its Reactor, Spring and
 * r2dbc-pool code for that side alone; with {@code isolation=none} both sides share the
 * benchmark's classes and their compiled code, which the session's longer chains of
 * operators then share with the template's.
 *
 * <p>Options, as {@code --name=value} (an empty value keeps the default): {@code operations}
 * per round (20000), {@code rounds} per side (5), {@code in-flight} operations at once (1),
 * {@code scenarios} ({@code S1,S2,S3,S4}), {@code isolation} ({@code classloader} or
 * {@code none}, {@code classloader} by default). S1's operation takes well under a microsecond:
 * it runs {@value #S1_OPERATIONS_FACTOR} times as many operations per round, so that the
 * process's CPU clock resolves them.
 */
public final class SessionLoop {

	static final String HEADER = "| work | CPU µs/operation starter / hand-written | CPU ratio hand-written / starter | "
			+ "KB allocated/operation starter / hand-written | difference KB |";

	static final int S1_OPERATIONS_FACTOR = 100;

	private static final int WARM_UP_PASSES = 3;

	// The applications' settings in web mode: the HTTP benchmark's defaults (pools of 10).
	private static final BenchmarkOptions APPLICATIONS = BenchmarkOptions.quick();

	private final int operations;

	private final int rounds;

	private final int inFlight;

	private final List<Scenario> scenarios;

	private final Isolation isolation;

	private final boolean web;

	private final PrintStream out;

	SessionLoop(int operations, int rounds, int inFlight, List<Scenario> scenarios, Isolation isolation,
			boolean web, PrintStream out) {
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
		this.isolation = isolation;
		this.web = web;
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
		Isolation isolation = Isolation.CLASSLOADER;
		boolean web = false;
		for (String arg : args) {
			String[] option = arg.replaceFirst("^--", "").split("=", 2);
			String name = option[0];
			if (!List.of("operations", "rounds", "in-flight", "scenarios", "isolation", "web").contains(name)
					|| option.length != 2) {
				throw new IllegalArgumentException("Unknown option '" + arg + "': use --operations=N, --rounds=N, "
						+ "--in-flight=N, --scenarios=S1,S2,S3,S4, --isolation=classloader|none or --web=true|false");
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
				case "isolation" -> isolation = Isolation.parse(value);
				case "web" -> web = bool(name, value);
				default -> scenarios = Arrays.stream(value.split(",")).map(String::trim).map(Scenario::parse).toList();
			}
		}
		new SessionLoop(operations, rounds, inFlight, scenarios, isolation, web, System.out).run();
		System.exit(0);
	}

	private static boolean bool(String name, String value) {
		if (!value.equals("true") && !value.equals("false")) {
			throw new IllegalArgumentException(name + " must be true or false, not '" + value + "'");
		}
		return Boolean.parseBoolean(value);
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
				+ "per side, %d in flight, H2 in memory, pools of 10, %s%s%n", this.operations,
				operations(Scenario.S1), this.rounds, this.inFlight,
				(this.isolation == Isolation.CLASSLOADER) ? "a class loader per side" : "classes shared by both sides",
				this.web ? ", requests through each application's WebFlux handler" : "");
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
			int operations = operations(scenario);
			ClassLoader starterClasses = this.isolation.classLoaderFor(Side.STARTER);
			ClassLoader handClasses = this.isolation.classLoaderFor(Side.HAND_WRITTEN);
			try {
				if (this.web) {
					try (ServerApp starter = ServerApp.start(Side.STARTER, starterClasses, scenario, database, APPLICATIONS);
							ServerApp hand = ServerApp.start(Side.HAND_WRITTEN, handClasses, scenario, database,
									APPLICATIONS)) {
						return compare(scenario, operations, handlerWork(starter, starterClasses, scenario),
								handlerWork(hand, handClasses, scenario));
					}
				}
				IntConsumer starter = loopWork(starterClasses, scenario, true, database.url());
				try {
					IntConsumer hand = loopWork(handClasses, scenario, false, database.url());
					try {
						return compare(scenario, operations, starter, hand);
					}
					finally {
						close(hand);
					}
				}
				finally {
					close(starter);
				}
			}
			finally {
				closeIfOwn(starterClasses);
				closeIfOwn(handClasses);
			}
		}
	}

	private int operations(Scenario scenario) {
		// S1's filter alone takes under a microsecond; a request through the application does not.
		return (scenario == Scenario.S1 && !this.web) ? this.operations * S1_OPERATIONS_FACTOR : this.operations;
	}

	private IntConsumer handlerWork(ServerApp application, ClassLoader classes, Scenario scenario) {
		return createIn(classes, HandlerLoopWork.class, application.side(), scenario,
				new Class<?>[] { Object.class, String.class, int.class }, application.application(), scenario.name(),
				this.inFlight);
	}

	private IntConsumer loopWork(ClassLoader classes, Scenario scenario, boolean starter, String url) {
		return createIn(classes, LoopWork.class, starter ? Side.STARTER : Side.HAND_WRITTEN, scenario,
				new Class<?>[] { String.class, boolean.class, String.class, int.class }, scenario.name(), starter, url,
				this.inFlight);
	}

	/**
	 * Create a side's work in the side's class loader, where it is seen through the JDK
	 * types both class loaders share.
	 */
	private static IntConsumer createIn(ClassLoader classes, Class<? extends IntConsumer> type, Side side,
			Scenario scenario, Class<?>[] parameterTypes, Object... arguments) {
		try {
			return (IntConsumer) classes.loadClass(type.getName())
				.getConstructor(parameterTypes)
				.newInstance(arguments);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Cannot create the " + side.label() + " side of " + scenario
					+ " in the session loop", ex);
		}
	}

	private static void close(IntConsumer work) {
		try {
			((AutoCloseable) work).close();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot close a side of the session loop", ex);
		}
	}

	private static void closeIfOwn(ClassLoader classLoader) {
		if (classLoader instanceof SideClassLoader own) {
			try {
				own.close();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	}

	private String compare(Scenario scenario, int operations, IntConsumer starter, IntConsumer hand) {
		for (int pass = 0; pass < WARM_UP_PASSES; pass++) {
			starter.accept(operations);
			hand.accept(operations);
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
		if (scenario == Scenario.S1 && !this.web) {
			// The hand-written side of S1 does next to nothing: a ratio to it means nothing.
			return String.format(Locale.ROOT, "| %s %s | %.3f / %.3f | – | %.2f / %.2f | %+.2f |", scenario,
					scenario.title(), starterCpu, handCpu, starterKb, handKb, starterKb - handKb);
		}
		return String.format(Locale.ROOT, "| %s %s | %.1f / %.1f | %.3f | %.2f / %.2f | %+.2f |", scenario,
				scenario.title(), starterCpu, handCpu, handCpu / starterCpu, starterKb, handKb, starterKb - handKb);
	}

	private void measure(IntConsumer work, int operations, double[][] figures, int round) {
		com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory
			.getOperatingSystemMXBean();
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		System.gc();
		long cpu = os.getProcessCpuTime();
		long bytes = threads.getTotalThreadAllocatedBytes();
		work.accept(operations);
		figures[0][round] = (os.getProcessCpuTime() - cpu) / 1000.0 / operations;
		figures[1][round] = (threads.getTotalThreadAllocatedBytes() - bytes) / 1024.0 / operations;
	}

	private static double median(double[] values) {
		return SideSummary.median(Arrays.stream(values).boxed().toList(), Double::doubleValue);
	}

}
