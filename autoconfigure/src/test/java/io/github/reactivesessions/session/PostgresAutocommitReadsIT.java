package io.github.reactivesessions.session;

import io.github.reactivesessions.testsupport.DatabaseServer;
import io.github.reactivesessions.testsupport.PostgresTestDatabase;
import io.github.reactivesessions.testsupport.RequiresDatabase;
import io.github.reactivesessions.testsupport.TestDatabase;

/**
 * Autocommit-reads on PostgreSQL.
 */
@RequiresDatabase(DatabaseServer.POSTGRES)
class PostgresAutocommitReadsIT extends AutocommitReadsSuite {

	@Override
	protected TestDatabase createDatabase() {
		return new PostgresTestDatabase();
	}

	@Override
	protected boolean autocommitReadsByDefault() {
		return true;
	}

}
