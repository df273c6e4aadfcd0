package io.github.reactivesessions.viewtest;

import io.github.reactivesessions.testsupport.DatabaseServer;
import io.github.reactivesessions.testsupport.MySqlTestDatabase;
import io.github.reactivesessions.testsupport.RequiresDatabase;
import io.github.reactivesessions.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The view behaviour suite on MySQL/MariaDB.
 */
@RequiresDatabase(DatabaseServer.MYSQL)
class MySqlViewIT extends ViewBehaviourSuite {

	@DynamicPropertySource
	static void binds(DynamicPropertyRegistry registry) {
		registerBinds(registry, Databases.MAIN, Databases.SECOND);
	}

	@AfterAll
	static void dropDatabases() {
		Databases.MAIN.close();
		Databases.SECOND.close();
	}

	@Override
	protected TestDatabase main() {
		return Databases.MAIN;
	}

	@Override
	protected TestDatabase second() {
		return Databases.SECOND;
	}

	/**
	 * Created on first use, so that a skipped class never connects to the server.
	 */
	private static final class Databases {

		static final TestDatabase MAIN = new MySqlTestDatabase();

		static final TestDatabase SECOND = new MySqlTestDatabase();

	}

}
