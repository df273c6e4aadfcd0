package io.github.reactivesessions.session;

import io.github.reactivesessions.testsupport.DatabaseServer;
import io.github.reactivesessions.testsupport.MySqlTestDatabase;
import io.github.reactivesessions.testsupport.RequiresDatabase;
import io.github.reactivesessions.testsupport.TestDatabase;

/**
 * Session behaviour on MySQL/MariaDB.
 */
@RequiresDatabase(DatabaseServer.MYSQL)
class MySqlSessionIT extends SessionBehaviourSuite {

	@Override
	protected TestDatabase createDatabase() {
		return new MySqlTestDatabase();
	}

}
