package io.github.reactivesessions.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BenchmarkOptionsTests {

	@Test
	void defaultsAreTheIssuesSettings() {
		BenchmarkOptions options = BenchmarkOptions.parse(new String[0], new Properties());
		assertThat(options.duration()).isEqualTo(Duration.ofSeconds(10));
		assertThat(options.rounds()).isEqualTo(3);
		assertThat(options.forks()).isEqualTo(3);
		assertThat(options.firstSide()).isEqualTo(Side.STARTER);
		assertThat(options.concurrency()).isEqualTo(64);
		assertThat(options.scenarios()).containsExactly(Scenario.values());
		assertThat(options.databases()).containsExactly(DatabaseKind.H2, DatabaseKind.POSTGRES);
		assertThat(options.isolation()).isEqualTo(Isolation.CLASSLOADER);
		assertThat(options.calibrate()).isFalse();
	}

	@Test
	void calibrateMakesAnAARun() {
		BenchmarkOptions options = BenchmarkOptions.parse(new String[] { "--calibrate" }, new Properties());
		assertThat(options.calibrate()).isTrue();
		assertThat(options.toString())
			.endsWith("; A/A run: the starter's columns are a second hand-written application");
	}

	@Test
	void flagThatIsNeitherTrueNorFalseIsRefused() {
		Properties properties = new Properties();
		properties.setProperty("bench.calibrate", "yes");
		assertThatIllegalArgumentException().isThrownBy(() -> BenchmarkOptions.parse(new String[0], properties))
			.withMessage("'yes' is not true or false");
	}

	@Test
	void isolationCanBeTurnedOff() {
		BenchmarkOptions options = BenchmarkOptions.parse(new String[] { "--isolation=none" }, new Properties());
		assertThat(options.isolation()).isEqualTo(Isolation.NONE);
		assertThat(options.toString()).endsWith("classes shared by both sides");
	}

	@Test
	void unknownIsolationIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> BenchmarkOptions.parse(new String[] { "--isolation=jvm" }, new Properties()))
			.withMessage("unknown isolation 'jvm': use classloader or none");
	}

	@Test
	void quickModeShortensTheRounds() {
		BenchmarkOptions options = BenchmarkOptions.quick();
		assertThat(options.duration()).isEqualTo(Duration.ofMillis(500));
		assertThat(options.warmup()).isEqualTo(Duration.ofMillis(500));
		assertThat(options.rounds()).isEqualTo(3);
		assertThat(options.forks()).isEqualTo(1);
	}

	@Test
	void eachForkRunsInOneJvmAndTheFirstSideAlternatesFromForkToFork() {
		BenchmarkOptions options = BenchmarkOptions.parse(new String[] { "--first-side=hand-written" },
				new Properties());
		assertThat(options.sideOrder()).containsExactly(Side.HAND_WRITTEN, Side.STARTER);
		assertThat(List.of(options.fork(0), options.fork(1), options.fork(2))).allSatisfy((fork) -> {
			assertThat(fork.forks()).isOne();
			assertThat(fork.rounds()).isEqualTo(options.rounds());
		})
			.extracting(BenchmarkOptions::firstSide)
			.containsExactly(Side.HAND_WRITTEN, Side.STARTER, Side.HAND_WRITTEN);
	}

	@Test
	void argumentsOfAForkReadBackAsTheSameOptions() {
		BenchmarkOptions options = BenchmarkOptions.parse(new String[] { "--duration=1500ms", "--warmup=1m",
				"--rounds=4", "--forks=2", "--first-side=hand-written", "--concurrency=16", "--pool-size=4",
				"--scenarios=S2,S4", "--databases=postgres", "--postgres-url=r2dbc:postgresql://bench:a%40b@db:5432/bench?sslMode=require&schema=x",
				"--isolation=none", "--calibrate" }, new Properties());
		assertThat(BenchmarkOptions.parse(options.toArguments().toArray(String[]::new), new Properties()))
			.isEqualTo(options);
	}

	@Test
	void unknownFirstSideIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> BenchmarkOptions.parse(new String[] { "--first-side=both" }, new Properties()))
			.withMessage("unknown side 'both': use starter or hand-written");
	}

	@Test
	void fewerThanOneForkIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> BenchmarkOptions.parse(new String[] { "--forks=0" }, new Properties()))
			.withMessage("forks must be at least 1");
	}

	@Test
	void argumentsOverrideSystemPropertiesAndEmptyValuesKeepTheDefault() {
		Properties properties = new Properties();
		properties.setProperty("bench.rounds", "7");
		properties.setProperty("bench.concurrency", "16");
		properties.setProperty("bench.warmup", "");
		BenchmarkOptions options = BenchmarkOptions.parse(
				new String[] { "--concurrency=8", "--duration=2s", "--scenarios=s2,S4", "--databases=h2", "--pool-size=" },
				properties);
		assertThat(options.rounds()).isEqualTo(7);
		assertThat(options.concurrency()).isEqualTo(8);
		assertThat(options.duration()).isEqualTo(Duration.ofSeconds(2));
		assertThat(options.warmup()).isEqualTo(Duration.ofSeconds(15));
		assertThat(options.poolSize()).isEqualTo(10);
		assertThat(options.scenarios()).isEqualTo(List.of(Scenario.S2, Scenario.S4));
		assertThat(options.databases()).isEqualTo(List.of(DatabaseKind.H2));
	}

	@Test
	void fewerThanThreeRoundsAreRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> BenchmarkOptions.parse(new String[] { "--rounds=2" }, new Properties()))
			.withMessageStartingWith("rounds must be at least 3");
	}

	@Test
	void unknownOptionIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> BenchmarkOptions.parse(new String[] { "--round=5" }, new Properties()))
			.withMessage("unknown option '--round=5'");
	}

}
