package io.github.reactivesessions.benchmarks;

import java.time.Duration;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class FieldOptionsTests {

	@Test
	void defaultsAreTheIssuesSettings() {
		FieldOptions options = FieldOptions.parse(new String[0], new Properties());
		assertThat(options.duration()).isEqualTo(Duration.ofSeconds(10));
		assertThat(options.rounds()).isEqualTo(3);
		assertThat(options.concurrency()).isEqualTo(64);
		assertThat(options.poolSize()).isEqualTo(10);
		assertThat(options.url()).isNull();
		assertThat(options.serve()).isFalse();
	}

	@Test
	void workloadsRunWithTheInsertsLast() {
		FieldOptions options = FieldOptions.parse(new String[] { "--scenarios=S3,S2,S4" }, new Properties());
		assertThat(options.scenarios()).containsExactly(Scenario.S2, Scenario.S4, Scenario.S3);
	}

	@Test
	void workloadWithoutDatabaseIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> FieldOptions.parse(new String[] { "--scenarios=S1,S2" }, new Properties()))
			.withMessage("scenarios must be one or more of S2, S3, S4");
	}

	@Test
	void emptyValuesOfTheMavenProfileKeepTheDefaults() {
		FieldOptions options = FieldOptions.parse(new String[] { "--quick=", "--duration=", "--url=", "--app-pid=",
				"--serve=" }, new Properties());
		assertThat(options).isEqualTo(FieldOptions.parse(new String[0], new Properties()));
	}

	@Test
	void systemPropertiesAreReadAndArgumentsWin() {
		Properties properties = new Properties();
		properties.setProperty("field.rounds", "5");
		properties.setProperty("field.concurrency", "16");
		FieldOptions options = FieldOptions.parse(new String[] { "--rounds=7" }, properties);
		assertThat(options.rounds()).isEqualTo(7);
		assertThat(options.concurrency()).isEqualTo(16);
	}

	@Test
	void quickModeHasShortRoundsFewConnectionsAndNoWarmUp() {
		FieldOptions options = FieldOptions.quick();
		assertThat(options.duration()).isEqualTo(Duration.ofMillis(200));
		assertThat(options.warmup()).isZero();
		assertThat(options.concurrency()).isEqualTo(16);
		assertThat(options.toString()).startsWith("3 rounds of 200 ms per route without warm-up, 16 connections");
	}

	@Test
	void appPidNeedsTheUrlOfTheApplication() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> FieldOptions.parse(new String[] { "--app-pid=42" }, new Properties()))
			.withMessage("app-pid names the application of url: give both");
		FieldOptions options = FieldOptions.parse(new String[] { "--url=http://127.0.0.1:8080", "--app-pid=42" },
				new Properties());
		assertThat(options.appPid()).isEqualTo(42);
	}

	@Test
	void serveCannotGoWithUrl() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> FieldOptions.parse(new String[] { "--serve", "--url=http://127.0.0.1:8080" },
					new Properties()))
			.withMessage("serve starts an application: it cannot go with url");
	}

	@Test
	void unknownOptionIsRefusedNamingIt() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> FieldOptions.parse(new String[] { "--forks=3" }, new Properties()))
			.withMessage("unknown option '--forks=3'");
	}

}
