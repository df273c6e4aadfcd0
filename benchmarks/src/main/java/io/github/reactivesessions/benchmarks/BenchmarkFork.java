package io.github.reactivesessions.benchmarks;

import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;

/**
 * One fork of a benchmark run with several (see {@link Forks}): runs the scenarios in this
 * JVM, prints its progress and table, and writes its report to the file its parent reads.
 */
public final class BenchmarkFork {

	private BenchmarkFork() {
	}

	/**
	 * Run one fork; the exit status is 0 when it wrote its report (failed requests are in
	 * the report), 3 when it could not run.
	 * @param args the report file, then {@code --name=value} options
	 */
	public static void main(String[] args) {
		try {
			BenchmarkOptions options = BenchmarkOptions.parse(Arrays.copyOfRange(args, 1, args.length),
					new Properties());
			BenchmarkReport report = new Benchmark(options, System.out).run();
			try (OutputStream file = Files.newOutputStream(Path.of(args[0]));
					ObjectOutputStream objects = new ObjectOutputStream(file)) {
				objects.writeObject(report);
			}
		}
		catch (Throwable ex) {
			// Exit whatever threads the applications left running, so that the parent
			// waiting for this JVM does not wait forever.
			ex.printStackTrace(System.out);
			System.exit(3);
		}
		System.exit(0);
	}

}
