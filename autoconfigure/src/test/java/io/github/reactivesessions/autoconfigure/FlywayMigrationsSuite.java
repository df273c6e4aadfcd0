package io.github.reactivesessions.autoconfigure;

import io.github.reactivesessions.bind.Binds;
import io.github.reactivesessions.migrationtest.MigBook;
import io.github.reactivesessions.migrationtest.MigrationTestApplication;
import io.github.reactivesessions.testsupport.Sql;
import io.github.reactivesessions.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-bind Flyway migrations ({@code sa.binds.<key>.flyway}), written once and run against
 * every database by a subclass that gives the {@link TestDatabases} initializer of its kind.
 * The default location of {@code sa_main}, {@code classpath:db/migration/sa_main}, creates
 * {@code mig_book} and adds one row; {@code classpath:migrations/broken} fails in its second
 * script.
 */
abstract class FlywayMigrationsSuite {

	/**
	 * The initializer that creates the databases of the suite's kind.
	 */
	protected abstract ApplicationContextInitializer<GenericApplicationContext> databases();

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withInitializer((context) -> databases().initialize((GenericApplicationContext) context))
			.withConfiguration(AutoConfigurations.of(ReactiveSessionsAutoConfiguration.class))
			.withPropertyValues("sa.binds.sa_main.url=" + TestDatabases.MAIN_URL, "sa.binds.sa_main.flyway.enabled=true");
	}

	@Test
	void migrationsRunAtStartupBeforeCreateAll() {
		// create-all would have made mig_book without isbn, and V1's CREATE TABLE would fail.
		runner().withPropertyValues("sa.binds.sa_main.init.create-all=true",
				"sa.binds.sa_main.init.entity-packages=io.github.reactivesessions.migrationtest")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				Binds binds = context.getBean(Binds.class);
				assertThat(Sql.strings(binds.connectionFactory(), "SELECT isbn FROM mig_book")).containsExactly(
						"978-0441013593");
				assertThat(Sql.strings(binds.connectionFactory(),
						"SELECT script FROM flyway_schema_history WHERE success = TRUE AND type = 'SQL' ORDER BY installed_rank"))
					.containsExactly("V1__create_mig_book.sql", "V2__first_book.sql");
				assertThat(binds.sessionFactory()
					.withSession((session) -> session.get(MigBook.class, 1L).map(MigBook::getTitle))
					.block()).isEqualTo("Dune");
			});
	}

	@Test
	void baselineVersionZeroRunsEveryMigrationOnADatabaseOtherBindsMadeTablesIn() {
		new ApplicationContextRunner().withInitializer((context) -> {
			databases().initialize((GenericApplicationContext) context);
			// Another bind's table, there before this bind's migrations.
			TestDatabases databases = context.getBeanFactory().getBean(TestDatabases.class);
			Sql.execute(databases.main().connectionFactory(), "CREATE TABLE other_bind_table (id INT)");
		})
			.withConfiguration(AutoConfigurations.of(ReactiveSessionsAutoConfiguration.class))
			.withPropertyValues("sa.binds.sa_main.url=" + TestDatabases.MAIN_URL, "sa.binds.sa_main.flyway.enabled=true",
					"sa.binds.sa_main.flyway.baseline-on-migrate=true", "sa.binds.sa_main.flyway.baseline-version=0")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(Sql.strings(context.getBean(Binds.class).connectionFactory(), "SELECT title FROM mig_book"))
					.containsExactly("Dune");
			});
	}

	@Test
	void failingMigrationStopsStartupNamingTheBindAndTheScript() {
		runner().withPropertyValues("sa.binds.sa_main.flyway.locations=classpath:migrations/broken").run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis.getDescription())
				.startsWith("Initialization of bind 'sa_main' failed in the Flyway migration V2__broken.sql "
						+ "(classpath:migrations/broken): ");
			assertThat(analysis.getAction()).isEqualTo("Fix the Flyway migration V2__broken.sql "
					+ "(classpath:migrations/broken) against the database of bind 'sa_main', or change "
					+ "sa.binds.sa_main.flyway (locations, url, user, password).");
		});
	}

	@Test
	void migrationsHaveRunWhenTheWebServerStarts() {
		MigrationTestApplication.MIGRATIONS_AT_SERVER_START.set(-1);
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(MigrationTestApplication.class)
			.web(WebApplicationType.REACTIVE)
			.initializers(databases())
			.properties("server.port=0", "sa.binds.sa_main.url=" + TestDatabases.MAIN_URL,
					"sa.binds.sa_main.flyway.enabled=true")
			.run()) {
			assertThat(MigrationTestApplication.MIGRATIONS_AT_SERVER_START.get()).isEqualTo(2);
		}
	}

	private static FailureAnalysis analyze(Throwable failure) {
		return new BindInitializationFailureAnalyzer().analyze(failure);
	}

}
