package io.github.reactivesessions.faulttest;

import java.util.Map;
import java.util.UUID;

import io.github.reactivesessions.testsupport.DatabaseServer;
import io.github.reactivesessions.testsupport.PostgresTestDatabase;
import io.github.reactivesessions.testsupport.R2dbcUrls;
import io.github.reactivesessions.testsupport.RequiresDatabase;
import io.github.reactivesessions.testsupport.TestDatabase;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.AfterAll;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The fault suite on PostgreSQL. The application's connections carry an
 * {@code application_name} of their own, by which {@code pg_stat_activity} finds them; the
 * main bind logs in with a password (the local server trusts it) that must never show.
 */
@RequiresDatabase(DatabaseServer.POSTGRES)
class PostgresFaultIT extends FaultSuite {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registerProperties(registry, Databases.DATABASE, DatabaseServer.POSTGRES.url(),
				"SELECT pg_terminate_backend(%s)", Map.of("applicationName", Databases.APPLICATION_NAME),
				"r2dbc:postgresql://nobody:" + SECRET + "@127.0.0.1:1/none",
				// The local server trusts its roles' logins: one that does not exist is refused.
				R2dbcUrls.withUser(DatabaseServer.POSTGRES.url(), "sa_fault_nobody:" + SECRET));
		registry.add("sa.binds.sa_main.password", () -> SECRET);
	}

	@AfterAll
	static void dropDatabase() {
		Databases.DATABASE.close();
	}

	@Override
	protected TestDatabase database() {
		return Databases.DATABASE;
	}

	@Override
	protected ConnectionFactory admin() {
		return Databases.ADMIN;
	}

	@Override
	protected String openTransactionsQuery() {
		return "SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = '" + Databases.APPLICATION_NAME
				+ "' AND state LIKE 'idle in transaction%'";
	}

	@Override
	protected String connectionIdsQuery() {
		return "SELECT pid FROM pg_stat_activity WHERE application_name = '" + Databases.APPLICATION_NAME + "'";
	}

	@Override
	protected String killStatement() {
		return "SELECT pg_terminate_backend(%s)";
	}

	/**
	 * Created on first use, so that a skipped class never connects to the server.
	 */
	private static final class Databases {

		static final TestDatabase DATABASE = new PostgresTestDatabase();

		static final ConnectionFactory ADMIN = connectionFactory(DatabaseServer.POSTGRES.url());

		static final String APPLICATION_NAME = "sa_fault_" + UUID.randomUUID().toString().substring(0, 8);

	}

}
