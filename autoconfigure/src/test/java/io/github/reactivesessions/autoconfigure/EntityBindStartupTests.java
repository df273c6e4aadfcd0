package io.github.reactivesessions.autoconfigure;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.github.reactivesessions.bind.Binds;
import io.github.reactivesessions.session.InvalidEntityBindException;
import io.github.reactivesessions.testsupport.Sql;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Startup checks of the entities' binds, their failure analysis, and create-all per bind,
 * on two H2 databases (the suites under {@code routedtest} run create-all per bind on every
 * database).
 */
class EntityBindStartupTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ReactiveSessionsAutoConfiguration.class))
		.withPropertyValues("sa.binds.sa_main.url=" + h2(), "sa.binds.sa_second.url=" + h2());

	@Test
	void entityThatNamesAnUnknownBindFailsStartup() {
		this.runner.withPropertyValues("sa.binds.sa_main.init.entity-packages=io.github.reactivesessions.entitybinds.unknown")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(InvalidEntityBindException.class)
					.hasMessageContaining("Entity Orphan names bind 'sa_nowhere'");
				FailureAnalysis analysis = new InvalidEntityBindFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).startsWith("Entity Orphan names bind 'sa_nowhere' (@BindKey");
				assertThat(analysis.getAction()).startsWith(
						"Give io.github.reactivesessions.entitybinds.unknown.Orphan one bind: correct its @BindKey");
			});
	}

	@Test
	void entityClaimedByTwoBindsFailsStartup() {
		this.runner.withPropertyValues("sa.binds.sa_second.entity-packages=io.github.reactivesessions.entitybinds.conflict")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new InvalidEntityBindFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).startsWith("Entity Disputed is claimed by two binds");
			});
	}

	@Test
	void packageClaimedByTwoBindsFailsStartup() {
		this.runner
			.withPropertyValues("sa.binds.sa_main.entity-packages=com.example.shared",
					"sa.binds.sa_second.entity-packages=com.example.shared")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new InvalidEntityBindFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).isEqualTo("Package com.example.shared is claimed by two binds: "
						+ "sa.binds.sa_main.entity-packages and sa.binds.sa_second.entity-packages.");
				assertThat(analysis.getAction()).startsWith("Give com.example.shared one bind");
			});
	}

	@Test
	void createAllOfEachBindCreatesOnlyItsOwnEntitiesTables() {
		// The same packages scanned by both binds: before entities had binds, both got every table.
		String packages = "io.github.reactivesessions.routedtest";
		this.runner
			.withPropertyValues("sa.binds.sa_main.init.create-all=true", "sa.binds.sa_main.init.entity-packages=" + packages,
					"sa.binds.sa_second.init.create-all=true", "sa.binds.sa_second.init.entity-packages=" + packages,
					"sa.binds.sa_second.entity-packages=io.github.reactivesessions.routedtest.claimed")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				Binds binds = context.getBean(Binds.class);
				assertThat(tables(binds, "sa_main")).containsExactly("rt_shelf");
				assertThat(tables(binds, "sa_second")).containsExactlyInAnyOrder("rt_ledger", "rt_stamp");
			});
	}

	private static List<String> tables(Binds binds, String key) {
		return Sql.strings(binds.connectionFactory(key),
				"SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = CURRENT_SCHEMA")
			.stream()
			.map((name) -> name.toLowerCase(Locale.ROOT))
			.toList();
	}

	private static String h2() {
		return "r2dbc:h2:mem:///" + UUID.randomUUID() + "?options=DB_CLOSE_DELAY=-1";
	}

}
