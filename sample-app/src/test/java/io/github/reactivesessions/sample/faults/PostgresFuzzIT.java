package io.github.reactivesessions.sample.faults;

import io.github.reactivesessions.testsupport.DatabaseServer;
import io.github.reactivesessions.testsupport.PostgresTestDatabase;
import io.github.reactivesessions.testsupport.RequiresDatabase;
import io.github.reactivesessions.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;

import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The fuzz suite on PostgreSQL: the sample app with its {@code postgres} profile, in a
 * schema of its own.
 */
@RequiresDatabase(DatabaseServer.POSTGRES)
@ActiveProfiles("postgres")
class PostgresFuzzIT extends FuzzSuite {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		SampleBinds.register(registry, Databases.DATABASE.url());
	}

	@AfterAll
	static void dropSchema() {
		Databases.DATABASE.close();
	}

	@Override
	protected String databaseName() {
		return "postgres";
	}

	/**
	 * Created on first use, so that a skipped class never connects to the server.
	 */
	private static final class Databases {

		static final TestDatabase DATABASE = new PostgresTestDatabase();

	}

}
