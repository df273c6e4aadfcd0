package io.github.reactivesessions.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.reactivesessions.benchmarks.field.FieldApplication;

/**
 * The field application in a JVM of its own, on a random port of the loopback address:
 * its CPU time is then its own, apart from the load generator's. The JVM has this one's
 * options and class path; its output is printed with a prefix. The contention
 * benchmark's application starts the same way (see
 * {@link #start(Class, String, String, int, PrintStream)}).
 */
final class FieldApplicationProcess implements AutoCloseable {

	private static final long START_TIMEOUT_SECONDS = 120;

	private static final long STOP_TIMEOUT_SECONDS = 30;

	private final Process process;

	private final int port;

	private FieldApplicationProcess(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	/**
	 * Start the application and wait until it listens.
	 * @param databaseUrl R2DBC url of its pool
	 * @param poolSize connections of its pool
	 * @param out where its output is printed
	 * @throws IllegalStateException when it ends or does not listen in time
	 */
	static FieldApplicationProcess start(String databaseUrl, int poolSize, PrintStream out) {
		return start(FieldApplication.class, FieldApplication.LISTENING, databaseUrl, poolSize, out);
	}

	/**
	 * Start another application of the module and wait until it listens: one whose main
	 * method, like {@link FieldApplication#main}'s, takes its database from {@code BENCH_URL}
	 * and its pool size from {@code --bench.pool-size}, and prints a line once it listens.
	 * @param application its main class
	 * @param listening what it prints on standard output, followed by its port, once it
	 * listens
	 * @param databaseUrl R2DBC url of its pool
	 * @param poolSize connections of its pool
	 * @param out where its output is printed
	 * @throws IllegalStateException when it ends or does not listen in time
	 */
	static FieldApplicationProcess start(Class<?> application, String listening, String databaseUrl, int poolSize,
			PrintStream out) {
		String name = application.getSimpleName();
		List<String> command = Forks.javaCommand(application.getName());
		command.addAll(List.of("--server.port=0", "--bench.pool-size=" + poolSize));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		// In the environment rather than on the command line, where a password would show.
		builder.environment().put("BENCH_URL", databaseUrl);
		Process process;
		try {
			process = builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start " + name, ex);
		}
		CompletableFuture<Integer> port = new CompletableFuture<>();
		Thread output = new Thread(() -> print(process, listening, port, out), name + "-output");
		output.setDaemon(true);
		output.start();
		try {
			return new FieldApplicationProcess(process, port.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS));
		}
		catch (ExecutionException | TimeoutException ex) {
			process.destroyForcibly();
			throw new IllegalStateException(name + " did not start: see its output above", ex);
		}
		catch (InterruptedException ex) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while " + name + " started", ex);
		}
	}

	private static void print(Process process, String listening, CompletableFuture<Integer> port, PrintStream out) {
		try (BufferedReader lines = process.inputReader()) {
			String line;
			while ((line = lines.readLine()) != null) {
				if (line.startsWith(listening)) {
					port.complete(Integer.parseInt(line.substring(listening.length()).trim()));
				}
				else {
					out.println("  application: " + line);
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			port.completeExceptionally(ex);
		}
		port.completeExceptionally(new IllegalStateException("ended with exit status " + exitValue(process)));
	}

	private static String exitValue(Process process) {
		try {
			return String.valueOf(process.waitFor());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "unknown";
		}
	}

	long pid() {
		return this.process.pid();
	}

	String url() {
		return "http://127.0.0.1:" + this.port;
	}

	/**
	 * Wait until the application ends (serve mode: until it is stopped).
	 */
	void await() throws InterruptedException {
		this.process.waitFor();
	}

	/**
	 * Stop the application as Ctrl-C would (its context closes its pool), forcibly when it
	 * does not end in time.
	 */
	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

}
