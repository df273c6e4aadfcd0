package io.github.reactivesessions.autoconfigure;

import java.util.Map;
import java.util.UUID;

import io.github.reactivesessions.autoconfigure.BindMigrations.Jdbc;
import io.github.reactivesessions.bind.Binds;
import io.github.reactivesessions.bind.Pooler;
import io.github.reactivesessions.testsupport.Sql;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link BindMigrations}: the JDBC url Flyway gets from a bind's R2DBC url, and
 * what a missing driver or Flyway does to startup.
 */
class BindMigrationsTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ReactiveSessionsAutoConfiguration.class))
		.withPropertyValues("sa.binds.sa_main.url=r2dbc:h2:mem:///" + UUID.randomUUID() + "?options=DB_CLOSE_DELAY=-1",
				"sa.binds.sa_main.flyway.enabled=true");

	@Test
	void h2UrlKeepsItsDatabaseAndOptions() {
		Jdbc jdbc = Jdbc.fromR2dbc("r2dbc:h2:mem:///orders?options=DB_CLOSE_DELAY=-1", Map.of(), Pooler.NONE, null);
		assertThat(jdbc.url()).isEqualTo("jdbc:h2:mem:orders;DB_CLOSE_DELAY=-1");
		assertThat(jdbc.driverClass()).isEqualTo("org.h2.Driver");
		assertThat(jdbc.vendor()).isEqualTo("h2");
	}

	@Test
	void postgresUrlKeepsHostPortDatabaseSchemaAndCredentials() {
		Jdbc jdbc = Jdbc.fromR2dbc("r2dbc:postgresql://app:secret@db.example:6543/shop?schema=sales", Map.of(), Pooler.NONE, null);
		assertThat(jdbc.url()).isEqualTo("jdbc:postgresql://db.example:6543/shop?currentSchema=sales");
		assertThat(jdbc.user()).isEqualTo("app");
		assertThat(jdbc.password()).isEqualTo("secret");
	}

	@Test
	void mysqlUrlUsesTheMariaDbDriverWhenItIsThere() {
		Jdbc jdbc = Jdbc.fromR2dbc("r2dbc:mysql://root@127.0.0.1:3306/test", Map.of(), Pooler.NONE, getClass().getClassLoader());
		assertThat(jdbc.url()).isEqualTo("jdbc:mariadb://127.0.0.1:3306/test");
		assertThat(jdbc.driverClass()).isEqualTo("org.mariadb.jdbc.Driver");
		// The vendor of the locations is the R2DBC url's, whichever JDBC driver is there.
		assertThat(jdbc.vendor()).isEqualTo("mysql");
	}

	@Test
	void postgresSchemaOfTheBindsOptionsIsTheCurrentSchema() {
		assertThat(Jdbc.fromR2dbc("r2dbc:postgresql://localhost/app", Map.of("schema", "sales"), Pooler.NONE, null).url())
			.isEqualTo("jdbc:postgresql://localhost/app?currentSchema=sales");
	}

	@Test
	void explicitUrlOfAnotherDatabaseIsLeftToFlywayAndItsDriver() {
		Jdbc jdbc = Jdbc.of("jdbc:sqlserver://db:1433;databaseName=app", Jdbc.vendorOf("jdbc:sqlserver://db"), null, null);
		assertThat(jdbc.vendor()).isEqualTo("sqlserver");
		assertThat(jdbc.driverClass()).isNull();
	}

	@Test
	void credentialsOfTheUrlComeBeforeTheBindsAsForItsR2dbcConnections() {
		// The url's user is the one H2 created the database with; the bind's would be refused.
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ReactiveSessionsAutoConfiguration.class))
			.withPropertyValues("sa.binds.sa_main.url=r2dbc:h2:mem://owner:pw@/" + UUID.randomUUID()
					+ "?options=DB_CLOSE_DELAY=-1", "sa.binds.sa_main.username=someone", "sa.binds.sa_main.password=else",
					"sa.binds.sa_main.flyway.enabled=true", "sa.binds.sa_main.flyway.locations=classpath:migrations/h2")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void vendorInALocationIsTheDatabaseOfTheBind() {
		this.runner.withPropertyValues("sa.binds.sa_main.flyway.locations=classpath:migrations/{vendor}")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(Sql.strings(context.getBean(Binds.class).connectionFactory(), "SELECT vendor FROM mig_vendor"))
					.containsExactly("h2");
			});
	}

	@Test
	void postgresBehindATransactionPoolerNamesNoPreparedStatements() {
		assertThat(Jdbc.fromR2dbc("r2dbc:postgresql://localhost:6432/app", Map.of(), Pooler.TRANSACTION, null).url())
			.isEqualTo("jdbc:postgresql://localhost:6432/app?prepareThreshold=0");
	}

	@Test
	void poolUrlIsTheUrlOfItsDriver() {
		assertThat(Jdbc.fromR2dbc("r2dbc:pool:postgresql://localhost/app", Map.of(), Pooler.NONE, null).url())
			.isEqualTo("jdbc:postgresql://localhost/app");
	}

	@Test
	void missingJdbcDriverFailsStartupNamingIt() {
		this.runner.withClassLoader(new FilteredClassLoader("org.h2.Driver")).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new BindInitializationFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).startsWith("Initialization of bind 'sa_main' failed in the Flyway "
					+ "migrations: Bind 'sa_main' runs its Flyway migrations over JDBC, which needs the JDBC driver "
					+ "org.h2.Driver (com.h2database:h2) on the class path");
		});
	}

	@Test
	void missingFlywayFailsStartupNamingIt() {
		this.runner.withClassLoader(new FilteredClassLoader("org.flywaydb.core")).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new BindInitializationFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("sa.binds.sa_main.flyway.enabled is true but Flyway is not on "
					+ "the class path: add org.flywaydb:flyway-core");
		});
	}

	@Test
	void urlThatNoJdbcUrlCanBeDerivedFromAsksForFlywayUrl() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ReactiveSessionsAutoConfiguration.class))
			.withPropertyValues("sa.binds.sa_main.connection-factory=missing", "sa.binds.sa_main.flyway.enabled=true")
			.run((context) -> assertThat(context).hasFailed());
	}

}
