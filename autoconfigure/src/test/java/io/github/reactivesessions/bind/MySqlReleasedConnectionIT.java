package io.github.reactivesessions.bind;

import io.github.reactivesessions.testsupport.DatabaseServer;
import io.github.reactivesessions.testsupport.MySqlTestDatabase;
import io.github.reactivesessions.testsupport.RequiresDatabase;
import io.github.reactivesessions.testsupport.TestDatabase;

/**
 * What a pooled connection carries to its next borrower, on MySQL/MariaDB.
 */
@RequiresDatabase(DatabaseServer.MYSQL)
class MySqlReleasedConnectionIT extends ReleasedConnectionSuite {

	@Override
	protected TestDatabase createDatabase() {
		return new MySqlTestDatabase();
	}

}
