package io.github.reactivesessions.session;

import io.github.reactivesessions.testsupport.DatabaseServer;
import io.github.reactivesessions.testsupport.PostgresTestDatabase;
import io.github.reactivesessions.testsupport.RequiresDatabase;
import io.github.reactivesessions.testsupport.TestDatabase;

/**
 * Session behaviour on PostgreSQL.
 */
@RequiresDatabase(DatabaseServer.POSTGRES)
class PostgresSessionIT extends SessionBehaviourSuite {

	@Override
	protected TestDatabase createDatabase() {
		return new PostgresTestDatabase();
	}

}
