package io.github.reactivesessions.session;

import io.github.reactivesessions.testsupport.DatabaseServer;
import io.github.reactivesessions.testsupport.MySqlTestDatabase;
import io.github.reactivesessions.testsupport.RequiresDatabase;
import io.github.reactivesessions.testsupport.TestDatabase;

/**
 * Autocommit-reads on MySQL and MariaDB.
 */
@RequiresDatabase(DatabaseServer.MYSQL)
class MySqlAutocommitReadsIT extends AutocommitReadsSuite {

	@Override
	protected TestDatabase createDatabase() {
		return new MySqlTestDatabase();
	}

	@Override
	protected boolean autocommitReadsByDefault() {
		return false;
	}

}
