package io.github.reactivesessions.sample.faults;

import java.util.UUID;

import io.github.reactivesessions.testsupport.DatabaseServer;
import io.github.reactivesessions.testsupport.PostgresTestDatabase;
import io.github.reactivesessions.testsupport.R2dbcUrls;
import io.github.reactivesessions.testsupport.RequiresDatabase;
import io.github.reactivesessions.testsupport.Sql;
import io.github.reactivesessions.testsupport.TestDatabase;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.AfterAll;

import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The storms on PostgreSQL, the sample app with its {@code postgres} profile in a schema of
 * its own. Its connections carry an {@code application_name} of their own, by which
 * {@code pg_stat_activity} finds those left idle in a transaction.
 */
@RequiresDatabase(DatabaseServer.POSTGRES)
@ActiveProfiles("postgres")
class PostgresStormIT extends StormSuite {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		SampleBinds.register(registry, R2dbcUrls.withOption(Databases.DATABASE.url(), "applicationName", Databases.APPLICATION_NAME));
	}

	@AfterAll
	static void dropSchema() {
		// A connection a failed storm left inside a transaction holds locks the drop waits for.
		Sql.execute(Databases.ADMIN, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '"
				+ Databases.APPLICATION_NAME + "'");
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
	protected String openTransactionsDetailQuery() {
		return "SELECT state || ', since ' || (now() - state_change) || ', last statement: ' || query "
				+ "FROM pg_stat_activity WHERE application_name = '" + Databases.APPLICATION_NAME
				+ "' AND state LIKE 'idle in transaction%'";
	}

	/**
	 * Created on first use, so that a skipped class never connects to the server.
	 */
	private static final class Databases {

		static final TestDatabase DATABASE = new PostgresTestDatabase();

		static final ConnectionFactory ADMIN = ConnectionFactories.get(DatabaseServer.POSTGRES.url());

		static final String APPLICATION_NAME = "sa_storm_" + UUID.randomUUID().toString().substring(0, 8);

	}

}
