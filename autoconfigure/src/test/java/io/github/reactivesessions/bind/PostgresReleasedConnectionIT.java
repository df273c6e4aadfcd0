package io.github.reactivesessions.bind;

import io.github.reactivesessions.testsupport.DatabaseServer;
import io.github.reactivesessions.testsupport.PostgresTestDatabase;
import io.github.reactivesessions.testsupport.RequiresDatabase;
import io.github.reactivesessions.testsupport.TestDatabase;

/**
 * What a pooled connection carries to its next borrower, on PostgreSQL.
 */
@RequiresDatabase(DatabaseServer.POSTGRES)
class PostgresReleasedConnectionIT extends ReleasedConnectionSuite {

	@Override
	protected TestDatabase createDatabase() {
		return new PostgresTestDatabase();
	}

}
