package io.github.reactivesessions.autoconfigure;

import java.util.UUID;

import io.github.reactivesessions.bind.Binds;
import io.github.reactivesessions.testsupport.Person;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.relational.core.query.Query;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the startup initialization of binds ({@code sa.binds.<key>.init}).
 */
class BindInitializationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ReactiveSessionsAutoConfiguration.class))
		.withPropertyValues("sa.binds.sa_main.url=r2dbc:h2:mem:///" + UUID.randomUUID() + "?options=DB_CLOSE_DELAY=-1");

	@Test
	void createAllCreatesTheTablesOfTheScannedEntities() {
		this.runner
			.withPropertyValues("sa.binds.sa_main.init.create-all=true",
					"sa.binds.sa_main.init.entity-packages=io.github.reactivesessions.testsupport")
			.run((context) -> {
				Binds binds = context.getBean(Binds.class);
				StepVerifier.create(binds.sessionFactory().inTransaction((session) -> {
					session.add(new Person("ann", 30));
					return session.count(Person.class, Query.empty());
				})).expectNext(1L).verifyComplete();
			});
	}

	@Test
	void schemaThenDataScriptsRunAtStartup() {
		this.runner
			.withPropertyValues("sa.binds.sa_main.init.schema-locations=classpath:init/schema.sql",
					"sa.binds.sa_main.init.data-locations=classpath:init/data.sql")
			.run((context) -> StepVerifier.create(context.getBean(Binds.class).bind().databaseClient()
				.sql("SELECT label FROM tag ORDER BY id")
				.map((row) -> row.get(0, String.class))
				.all()).expectNext("first", "second").verifyComplete());
	}

	@Test
	void failingScriptFailsStartupNamingTheScriptAndTheBind() {
		this.runner.withPropertyValues("sa.binds.sa_main.init.data-locations=classpath:init/broken.sql")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new BindInitializationFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis.getDescription())
					.startsWith("Initialization of bind 'sa_main' failed in the script classpath:init/broken.sql: ")
					.contains("no_such_table".toUpperCase());
				assertThat(analysis.getAction()).isEqualTo("Fix the script classpath:init/broken.sql against the "
						+ "database of bind 'sa_main', or change sa.binds.sa_main.init (schema-locations, "
						+ "data-locations, create-all, entity-packages).");
			});
	}

	@Test
	void initDbCreatesTablesOnDemandAndDropAllRemovesThem() {
		this.runner.run((context) -> {
			Binds binds = context.getBean(Binds.class);
			StepVerifier.create(binds.initDb(Person.class)
				.then(binds.initDb("sa_main", Person.class))
				.then(binds.sessionFactory().withSession((session) -> session.count(Person.class, Query.empty()))))
				.expectNext(0L)
				.verifyComplete();
			StepVerifier.create(binds.dropAll("sa_main", Person.class)
				.then(binds.sessionFactory().withSession((session) -> session.count(Person.class, Query.empty()))))
				.expectError()
				.verify();
		});
	}

}
