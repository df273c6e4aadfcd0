package io.github.reactivesessions.benchmarks;

import java.time.Duration;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ContentionOptionsTests {

	@Test
	void defaultsAreTheIssuesSettings() {
		ContentionOptions options = ContentionOptions.parse(new String[0], new Properties());
		assertThat(options.duration()).isEqualTo(Duration.ofSeconds(10));
		assertThat(options.rounds()).isEqualTo(3);
		assertThat(options.concurrency()).isEqualTo(64);
		assertThat(options.accounts()).isEqualTo(10);
		assertThat(options.poolSize()).isEqualTo(10);
		assertThat(options.databases()).containsExactly(ContentionServer.POSTGRES, ContentionServer.MYSQL);
	}

	@Test
	void emptyValuesOfTheMavenProfileKeepTheDefaults() {
		ContentionOptions options = ContentionOptions.parse(new String[] { "--quick=", "--duration=", "--rounds=",
				"--concurrency=", "--accounts=", "--pool-size=", "--databases=", "--postgres-url=", "--mysql-url=" },
				new Properties());
		assertThat(options).isEqualTo(ContentionOptions.parse(new String[0], new Properties()));
	}

	@Test
	void systemPropertiesAreReadAndArgumentsWin() {
		Properties properties = new Properties();
		properties.setProperty("contention.accounts", "4");
		properties.setProperty("contention.databases", "mysql");
		ContentionOptions options = ContentionOptions.parse(new String[] { "--accounts=20" }, properties);
		assertThat(options.accounts()).isEqualTo(20);
		assertThat(options.databases()).containsExactly(ContentionServer.MYSQL);
	}

	@Test
	void quickModeHasOneShortRoundAndFewConnections() {
		ContentionOptions options = ContentionOptions.quick();
		assertThat(options.toString())
			.isEqualTo("1 rounds of 2 s per route and database, 8 connections, 10 accounts, a pool of 10");
	}

	@Test
	void eachServerHasItsUrl() {
		ContentionOptions options = ContentionOptions.parse(
				new String[] { "--postgres-url=r2dbc:postgresql://a/b", "--mysql-url=r2dbc:mysql://c/d" },
				new Properties());
		assertThat(options.url(ContentionServer.POSTGRES)).isEqualTo("r2dbc:postgresql://a/b");
		assertThat(options.url(ContentionServer.MYSQL)).isEqualTo("r2dbc:mysql://c/d");
	}

	@Test
	void oneAccountIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ContentionOptions.parse(new String[] { "--accounts=1" }, new Properties()))
			.withMessage("accounts must be at least 2: a transfer needs two");
	}

	@Test
	void unknownDatabaseIsRefusedNamingIt() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ContentionOptions.parse(new String[] { "--databases=h2" }, new Properties()))
			.withMessage("unknown database 'h2': use postgres or mysql");
	}

}
