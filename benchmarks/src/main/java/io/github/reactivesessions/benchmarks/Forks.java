package io.github.reactivesessions.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the benchmark in fresh JVMs, one after the other, each with this JVM's options (a
 * debugger's excepted) and class path, and combines their reports. A fork that cannot run
 * ends the run.
 *
 * <p>Why: each JVM compiles the two sides' code in its own way, and keeps that code for the
 * whole run. In A/A runs (both sides the same application) one JVM gave one side 94 µs of
 * CPU per request where the other took 120 µs, in every round, and the next JVM 94 against
 * 103: the rounds of one JVM share its luck, so only more JVMs average it out. This is what
 * JMH's forks are for; JMH itself measures one method in a loop, not two web applications
 * under a closed-loop HTTP load, so the harness forks by hand.
 */
final class Forks {

	private final BenchmarkOptions options;

	private final PrintStream out;

	Forks(BenchmarkOptions options, PrintStream out) {
		this.options = options;
		this.out = out;
	}

	/**
	 * Run every fork and combine their reports.
	 * @throws IllegalStateException when a fork ended without a report
	 */
	BenchmarkReport run() {
		List<BenchmarkReport> reports = new ArrayList<>();
		for (int i = 0; i < this.options.forks(); i++) {
			reports.add(run(this.options.fork(i), i + 1));
		}
		return BenchmarkReport.ofForks(this.options, reports);
	}

	private BenchmarkReport run(BenchmarkOptions fork, int number) {
		Path reportFile = null;
		Process process = null;
		try {
			reportFile = Files.createTempFile("sa-bench-fork-" + number + "-", ".ser");
			process = new ProcessBuilder(command(fork, reportFile)).redirectErrorStream(true).start();
			this.out.printf("Fork %d of %d, %s side first, pid %d%n", number, this.options.forks(),
					fork.firstSide().label(), process.pid());
			try (BufferedReader output = process.inputReader()) {
				output.lines().forEach(this.out::println);
			}
			int status = process.waitFor();
			if (status != 0 || Files.size(reportFile) == 0) {
				throw new IllegalStateException("Fork %d ended with exit status %d and no report: see its output above"
					.formatted(number, status));
			}
			return read(reportFile);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Fork " + number + " could not run", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while fork " + number + " ran", ex);
		}
		finally {
			if (process != null) {
				process.destroyForcibly();
			}
			delete(reportFile);
		}
	}

	private static List<String> command(BenchmarkOptions fork, Path reportFile) {
		List<String> command = javaCommand(BenchmarkFork.class.getName());
		command.add(reportFile.toString());
		command.addAll(fork.toArguments());
		return command;
	}

	/**
	 * The command that starts a main class in a JVM like this one: the same java, JVM
	 * options (a debugger's excepted) and class path.
	 */
	static List<String> javaCommand(String mainClass) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
			// A debugger's port is this JVM's: a JVM listening on it would not start.
			if (!argument.startsWith("-agentlib:jdwp") && !argument.startsWith("-Xrunjdwp")) {
				command.add(argument);
			}
		}
		command.add("-classpath");
		command.add(System.getProperty("java.class.path"));
		command.add(mainClass);
		return command;
	}

	private static BenchmarkReport read(Path reportFile) throws IOException {
		try (InputStream input = Files.newInputStream(reportFile);
				ObjectInputStream objects = new ObjectInputStream(input)) {
			return (BenchmarkReport) objects.readObject();
		}
		catch (ClassNotFoundException ex) {
			throw new IOException("Unreadable report " + reportFile, ex);
		}
	}

	private void delete(Path file) {
		if (file != null) {
			try {
				Files.deleteIfExists(file);
			}
			catch (IOException ex) {
				this.out.println("Could not delete " + file + ": " + ex);
			}
		}
	}

}
