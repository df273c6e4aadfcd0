package io.github.reactivesessions.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * CPU time of processes on this machine, read from {@code /proc/<pid>/stat} (user and
 * system time, in clock ticks): of one process by its pid, or of every process of a
 * command, such as the backends and helpers of a PostgreSQL server.
 *
 * <p>Readings are maps from pid to ticks, so that a process that starts between two of them
 * counts from zero and one that ends is left out, instead of making the difference of the
 * sums negative. Where there is no {@code /proc} (not Linux) every reading is empty.
 */
final class ProcessCpu {

	private static final Path PROC = Path.of("/proc");

	private static final long NANOS_PER_TICK = 1_000_000_000L / clockTicksPerSecond();

	private final String description;

	private final @Nullable Long pid;

	private final @Nullable String command;

	private ProcessCpu(String description, @Nullable Long pid, @Nullable String command) {
		this.description = description;
		this.pid = pid;
		this.command = command;
	}

	/**
	 * The process of a pid.
	 */
	static ProcessCpu ofPid(long pid) {
		return new ProcessCpu("pid " + pid, pid, null);
	}

	/**
	 * Every process whose command (the {@code comm} of its stat file) is the given one.
	 */
	static ProcessCpu ofCommand(String command) {
		return new ProcessCpu("every '" + command + "' process", null, command);
	}

	/**
	 * Read the CPU time so far of each process.
	 * @return ticks by pid, empty when no process can be read
	 */
	Map<Long, Long> read() {
		if (this.pid != null) {
			return stat(PROC.resolve(this.pid.toString())).map((stat) -> Map.of(stat.pid(), stat.ticks()))
				.orElse(Map.of());
		}
		Map<Long, Long> ticks = new HashMap<>();
		try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC,
				(path) -> path.getFileName().toString().chars().allMatch(Character::isDigit))) {
			for (Path process : processes) {
				stat(process).filter((stat) -> stat.command().equals(this.command))
					.ifPresent((stat) -> ticks.put(stat.pid(), stat.ticks()));
			}
		}
		catch (IOException ex) {
			// No /proc: nothing to read.
		}
		return ticks;
	}

	/**
	 * Return the CPU time the processes used between two readings, in nanoseconds, or -1
	 * when the second reading found no process.
	 */
	static long nanosBetween(Map<Long, Long> before, Map<Long, Long> after) {
		if (after.isEmpty()) {
			return -1;
		}
		long ticks = 0;
		for (Map.Entry<Long, Long> process : after.entrySet()) {
			ticks += process.getValue() - before.getOrDefault(process.getKey(), 0L);
		}
		return ticks * NANOS_PER_TICK;
	}

	@Override
	public String toString() {
		return this.description;
	}

	/**
	 * Parse a stat file: {@code pid (comm) state ppid ...}, where utime and stime are its
	 * 14th and 15th fields. The command may hold spaces and parentheses, so the fields after
	 * it are counted from its last closing parenthesis.
	 */
	private static Optional<Stat> stat(Path process) {
		String stat;
		try {
			stat = Files.readString(process.resolve("stat"), StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			// Ended since the directory was listed.
			return Optional.empty();
		}
		int open = stat.indexOf('(');
		int close = stat.lastIndexOf(')');
		if (open < 0 || close < open) {
			return Optional.empty();
		}
		String[] fields = stat.substring(close + 2).split(" ");
		long pid = Long.parseLong(stat.substring(0, open).trim());
		long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
		return Optional.of(new Stat(pid, stat.substring(open + 1, close), ticks));
	}

	/**
	 * The kernel's clock ticks per second (USER_HZ), which Java cannot ask for: 100 on
	 * nearly every Linux, and when {@code getconf} cannot say.
	 */
	private static long clockTicksPerSecond() {
		try {
			Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
			try (InputStream output = getconf.getInputStream()) {
				String text = new String(output.readAllBytes(), StandardCharsets.US_ASCII).trim();
				return (getconf.waitFor() == 0) ? Long.parseLong(text) : 100;
			}
		}
		catch (IOException | NumberFormatException ex) {
			return 100;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return 100;
		}
	}

	private record Stat(long pid, String command, long ticks) {

	}

}
