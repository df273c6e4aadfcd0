package io.github.reactivesessions.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import reactor.netty.resources.LoopResources;

/**
 * Measures the starter against the same application written by hand, side by side in one
 * JVM (each side with classes of its own, see {@link Isolation}), and prints a Markdown
 * table. Ratios come from alternating rounds, so that the load of a shared machine weighs
 * on both sides alike, and from several JVMs run one after the other ({@link Forks}), so
 * that one JVM's way of compiling the two sides does not decide them.
 *
 * <pre class="code">
 * ./mvnw -B -pl benchmarks -am -Pbenchmark -DskipTests verify [-Dbench.rounds=5 ...]
 * </pre>
 */
public final class Benchmark {

	private final BenchmarkOptions options;

	private final PrintStream out;

	/**
	 * Create a benchmark.
	 * @param options its settings
	 * @param out where progress and the table are printed
	 */
	public Benchmark(BenchmarkOptions options, PrintStream out) {
		this.options = options;
		this.out = out;
	}

	/**
	 * Run every scenario on every database, skipping a database that cannot be reached,
	 * and print the table.
	 * @return the results
	 */
	public BenchmarkReport run() {
		this.out.println("reactive-sessions benchmark: " + this.options);
		BenchmarkReport report = (this.options.forks() > 1) ? new Forks(this.options, this.out).run() : runHere();
		this.out.println();
		this.out.printf("%s, %d cores seen by the JVM, Java %s; %s%n", LocalDate.now(),
				Runtime.getRuntime().availableProcessors(), Runtime.version(), this.options);
		this.out.println();
		this.out.print(report.table());
		report.skipped().forEach((note) -> this.out.println("\n" + note));
		report.results()
			.stream()
			.filter((result) -> result.firstFailure() != null)
			.forEach((result) -> this.out.printf("%n%s %s: first failure: %s%n", result.scenario(), result.database(),
					result.firstFailure()));
		return report;
	}

	private BenchmarkReport runHere() {
		List<ScenarioResult> results = new ArrayList<>();
		List<String> skipped = new ArrayList<>();
		LoopResources clientLoops = LoopResources.create("bench-client", 2, true);
		Map<Side, ClassLoader> classLoaders = new EnumMap<>(Side.class);
		try {
			for (Side side : Side.values()) {
				classLoaders.put(side, this.options.isolation().classLoaderFor(side));
			}
			ScenarioRunner runner = new ScenarioRunner(this.options, classLoaders, clientLoops, this.out);
			for (DatabaseKind kind : this.options.databases()) {
				BenchDatabase database;
				try {
					database = kind.open(this.options);
				}
				catch (DatabaseUnavailableException ex) {
					this.out.println(ex.getMessage());
					skipped.add(ex.getMessage());
					continue;
				}
				try (database) {
					for (Scenario scenario : this.options.scenarios()) {
						this.out.printf("%s %s on %s%n", scenario, scenario.title(), database.name());
						results.add(runner.run(scenario, database));
					}
				}
			}
		}
		finally {
			clientLoops.dispose();
			classLoaders.values().forEach(this::close);
		}
		return new BenchmarkReport(this.options, results, skipped);
	}

	private void close(ClassLoader classLoader) {
		if (classLoader instanceof SideClassLoader sideClassLoader) {
			try {
				sideClassLoader.close();
			}
			catch (IOException ex) {
				// Reported, not thrown: the run's own outcome matters more.
				this.out.println("Closing the class loader of the " + sideClassLoader.getName() + " side failed: " + ex);
			}
		}
	}

	/**
	 * Run the benchmark; the exit status is 1 when a request failed, 2 for bad options, 3
	 * when it could not run (an application that did not start, a fork without report).
	 * @param args {@code --name=value} options, see {@link BenchmarkOptions#USAGE}
	 */
	public static void main(String[] args) {
		BenchmarkOptions options;
		try {
			options = BenchmarkOptions.parse(args, System.getProperties());
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.err.println(BenchmarkOptions.USAGE);
			System.exit(2);
			return;
		}
		BenchmarkReport report;
		try {
			report = new Benchmark(options, System.out).run();
		}
		catch (RuntimeException ex) {
			ex.printStackTrace();
			System.exit(3);
			return;
		}
		System.exit((report.failures() == 0) ? 0 : 1);
	}

}
