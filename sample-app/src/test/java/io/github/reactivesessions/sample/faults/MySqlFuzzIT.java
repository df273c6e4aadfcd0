package io.github.reactivesessions.sample.faults;

import io.github.reactivesessions.testsupport.DatabaseServer;
import io.github.reactivesessions.testsupport.MySqlTestDatabase;
import io.github.reactivesessions.testsupport.RequiresDatabase;
import io.github.reactivesessions.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;

import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The fuzz suite on MySQL/MariaDB: the sample app with its {@code mysql} profile, in a
 * database of its own.
 */
@RequiresDatabase(DatabaseServer.MYSQL)
@ActiveProfiles("mysql")
class MySqlFuzzIT extends FuzzSuite {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		SampleBinds.register(registry, Databases.DATABASE.url());
	}

	@AfterAll
	static void dropDatabase() {
		Databases.DATABASE.close();
	}

	@Override
	protected String databaseName() {
		return "mysql";
	}

	/**
	 * Created on first use, so that a skipped class never connects to the server.
	 */
	private static final class Databases {

		static final TestDatabase DATABASE = new MySqlTestDatabase();

	}

}
