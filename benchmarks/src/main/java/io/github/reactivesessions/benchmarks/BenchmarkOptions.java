package io.github.reactivesessions.benchmarks;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * Settings of one benchmark run, read from {@code bench.*} system properties and
 * {@code --name=value} arguments (arguments win; an empty value keeps the default).
 *
 * @param duration length of one measured round
 * @param warmup shortest warm-up of each side before the first round, longer while a side
 * still speeds up
 * @param rounds measured rounds of each side, alternating between the sides
 * @param forks how many JVMs run the scenarios one after the other, each a fresh one; the
 * ratio is the median of theirs
 * @param firstSide the side whose application starts first and whose warm-up slice and
 * first round come first; with several forks, the first fork's, and the other side's in
 * the next
 * @param concurrency HTTP connections, each with one request in flight (closed loop)
 * @param poolSize maximum connections of every database pool, on both sides
 * @param scenarios the scenarios to run
 * @param databases the databases to run them on
 * @param postgresUrl R2DBC url of the PostgreSQL server; the benchmark works in a schema
 * of its own there
 * @param isolation how the two applications are kept apart in the JVM
 * @param calibrate whether this is an A/A run: the starter's side runs the hand-written
 * application too, so that the ratios show how far the harness and the machine move a
 * ratio when there is no difference to measure
 */
public record BenchmarkOptions(Duration duration, Duration warmup, int rounds, int forks, Side firstSide,
		int concurrency, int poolSize, List<Scenario> scenarios, List<DatabaseKind> databases, String postgresUrl,
		Isolation isolation, boolean calibrate) implements Serializable {

	static final String USAGE = """
			Options (--name=value, or -Dbench.name=value):
			  quick        true: a few seconds per scenario (durations of 500ms, 3 rounds)
			  duration     length of a measured round (10s)
			  warmup       shortest warm-up of each side before the rounds, in three alternating
			               slices, longer while a side still speeds up (15s)
			  rounds       measured rounds per side in each fork, alternating, at least 3 (3)
			  forks        JVMs that run the scenarios one after the other; the ratio is the
			               median of theirs (3; 1 in quick mode, run in this JVM)
			  first-side   starter or hand-written: the side that starts and warms up first
			               in the first fork, the other side in the next (starter)
			  concurrency  concurrent HTTP connections, closed loop (64)
			  pool-size    connections of each database pool, both sides (10)
			  scenarios    comma-separated, from S1,S2,S3,S4 (all)
			  databases    comma-separated, from h2,postgres (all)
			  postgres-url R2DBC url of the PostgreSQL server ($SA_TEST_POSTGRES_URL or
			               r2dbc:postgresql://postgres@127.0.0.1:5432/test)
			  isolation    classloader: each side loads its own classes, so that the JIT
			               compiles its code apart; none: both share them (classloader)
			  calibrate    true: an A/A run, both sides run the hand-written application; its
			               ratios show what the harness and the machine alone do to a ratio
			               (false)""";

	private static final Set<String> NAMES = Set.of("quick", "duration", "warmup", "rounds", "forks", "first-side",
			"concurrency", "pool-size", "scenarios", "databases", "postgres-url", "isolation", "calibrate");

	/**
	 * Check the settings.
	 */
	public BenchmarkOptions {
		require(!duration.isNegative() && !duration.isZero(), "duration must be positive");
		require(!warmup.isNegative(), "warmup must not be negative");
		require(rounds >= 3, "rounds must be at least 3, so that a median of ratios means something");
		require(forks >= 1, "forks must be at least 1");
		require(concurrency > 0, "concurrency must be positive");
		require(poolSize > 0, "pool-size must be positive");
		require(!scenarios.isEmpty(), "scenarios must not be empty");
		require(!databases.isEmpty(), "databases must not be empty");
		scenarios = List.copyOf(scenarios);
		databases = List.copyOf(databases);
	}

	/**
	 * The quick mode with every other setting at its default.
	 * @return quick options
	 */
	public static BenchmarkOptions quick() {
		return parse(new String[] { "--quick=true" }, new Properties());
	}

	/**
	 * Read the settings from system properties and arguments.
	 * @param args {@code --name=value} arguments
	 * @param systemProperties system properties, of which {@code bench.*} are read
	 * @return the settings
	 * @throws IllegalArgumentException for an unknown name or a bad value
	 */
	public static BenchmarkOptions parse(String[] args, Properties systemProperties) {
		Map<String, String> values = values("bench.", NAMES, args, systemProperties);
		boolean quick = bool(values.get("quick"));
		Duration defaultDuration = quick ? Duration.ofMillis(500) : Duration.ofSeconds(10);
		Duration defaultWarmup = quick ? Duration.ofMillis(500) : Duration.ofSeconds(15);
		return new BenchmarkOptions(duration(values.get("duration"), defaultDuration),
				duration(values.get("warmup"), defaultWarmup), integer(values.get("rounds"), 3),
				integer(values.get("forks"), quick ? 1 : 3), Side.parse(values.getOrDefault("first-side", "starter")),
				integer(values.get("concurrency"), 64), integer(values.get("pool-size"), 10),
				list(values.get("scenarios"), Scenario::parse, Arrays.asList(Scenario.values())),
				list(values.get("databases"), DatabaseKind::parse, Arrays.asList(DatabaseKind.values())),
				values.getOrDefault("postgres-url", defaultPostgresUrl()),
				Isolation.parse(values.getOrDefault("isolation", "classloader")),
				bool(values.get("calibrate")));
	}

	/**
	 * Read {@code --name=value} arguments and {@code <prefix>name} system properties
	 * (arguments win); a name alone means {@code true}, an empty value keeps the default.
	 * @throws IllegalArgumentException for a name that is not one of {@code names}
	 */
	static Map<String, String> values(String prefix, Set<String> names, String[] args, Properties systemProperties) {
		Map<String, String> values = new LinkedHashMap<>();
		for (String name : names) {
			String value = systemProperties.getProperty(prefix + name);
			if (value != null && !value.isBlank()) {
				values.put(name, value.trim());
			}
		}
		for (String arg : args) {
			int equals = arg.indexOf('=');
			String name = (equals > 0) ? arg.substring(2, equals) : arg.substring(2);
			require(arg.startsWith("--") && names.contains(name), "unknown option '" + arg + "'");
			String value = (equals > 0) ? arg.substring(equals + 1).trim() : "true";
			if (!value.isEmpty()) {
				values.put(name, value);
			}
		}
		return values;
	}

	/**
	 * The options of one fork of this run: a single JVM, whose first side alternates from
	 * fork to fork.
	 * @param index the fork's index, from 0
	 * @return the fork's options
	 */
	BenchmarkOptions fork(int index) {
		Side first = (index % 2 == 0) ? this.firstSide : this.firstSide.other();
		return new BenchmarkOptions(this.duration, this.warmup, this.rounds, 1, first, this.concurrency,
				this.poolSize, this.scenarios, this.databases, this.postgresUrl, this.isolation, this.calibrate);
	}

	/**
	 * The two sides in the order they start, warm up and run their first round.
	 * @return the first side, then the other
	 */
	List<Side> sideOrder() {
		return List.of(this.firstSide, this.firstSide.other());
	}

	/**
	 * The options as {@code --name=value} arguments that {@link #parse} reads back.
	 * @return the arguments
	 */
	List<String> toArguments() {
		List<String> arguments = new ArrayList<>(List.of("--duration=" + this.duration.toMillis() + "ms",
				"--warmup=" + this.warmup.toMillis() + "ms", "--rounds=" + this.rounds, "--forks=" + this.forks,
				"--first-side=" + this.firstSide.label(), "--concurrency=" + this.concurrency,
				"--pool-size=" + this.poolSize, "--scenarios=" + join(this.scenarios),
				"--databases=" + join(this.databases), "--isolation=" + this.isolation.name().toLowerCase(Locale.ROOT),
				"--calibrate=" + this.calibrate));
		// The default comes from the environment, which a fork inherits: a password in it
		// stays off the fork's command line.
		if (!this.postgresUrl.equals(defaultPostgresUrl())) {
			arguments.add("--postgres-url=" + this.postgresUrl);
		}
		return arguments;
	}

	static String defaultPostgresUrl() {
		return System.getenv()
			.getOrDefault("SA_TEST_POSTGRES_URL", "r2dbc:postgresql://postgres@127.0.0.1:5432/test");
	}

	@Override
	public String toString() {
		return "%s%s rounds of %s per side after a warm-up of at least %s, %s first, %d connections, pools of %d, %s%s"
			.formatted((this.forks > 1) ? this.forks + " forks of " : "", this.rounds, text(this.duration), text(this.warmup),
				this.firstSide.label(), this.concurrency, this.poolSize,
				(this.isolation == Isolation.CLASSLOADER) ? "a class loader per side" : "classes shared by both sides",
				this.calibrate ? "; A/A run: the starter's columns are a second hand-written application" : "");
	}

	static String text(Duration duration) {
		return (duration.toMillis() % 1000 == 0) ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
	}

	private static String join(List<?> items) {
		return String.join(",", items.stream().map((item) -> item.toString().toLowerCase(Locale.ROOT)).toList());
	}

	static Duration duration(@Nullable String value, Duration defaultValue) {
		if (value == null) {
			return defaultValue;
		}
		String text = value.toLowerCase(Locale.ROOT);
		try {
			if (text.endsWith("ms")) {
				return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
			}
			if (text.endsWith("s")) {
				return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
			}
			if (text.endsWith("m")) {
				return Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1)));
			}
			return Duration.ofSeconds(Long.parseLong(text));
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("'" + value + "' is not a duration: use 500ms, 10s or 1m");
		}
	}

	static boolean bool(@Nullable String value) {
		if (value == null) {
			return false;
		}
		require(value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false"),
				"'" + value + "' is not true or false");
		return Boolean.parseBoolean(value);
	}

	static int integer(@Nullable String value, int defaultValue) {
		if (value == null) {
			return defaultValue;
		}
		try {
			return Integer.parseInt(value);
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("'" + value + "' is not a number");
		}
	}

	static <T> List<T> list(@Nullable String value, Function<String, T> parser,
			List<T> defaultValue) {
		if (value == null) {
			return defaultValue;
		}
		List<T> items = new ArrayList<>();
		for (String item : value.split(",")) {
			if (!item.isBlank()) {
				items.add(parser.apply(item.trim()));
			}
		}
		return items;
	}

	static void require(boolean condition, String message) {
		if (!condition) {
			throw new IllegalArgumentException(message);
		}
	}

}
