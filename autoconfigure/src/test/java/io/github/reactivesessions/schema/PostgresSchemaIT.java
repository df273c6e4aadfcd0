package io.github.reactivesessions.schema;

import io.github.reactivesessions.testsupport.DatabaseServer;
import io.github.reactivesessions.testsupport.PostgresTestDatabase;
import io.github.reactivesessions.testsupport.RequiresDatabase;
import io.github.reactivesessions.testsupport.TestDatabase;

/**
 * Schema creation on PostgreSQL.
 */
@RequiresDatabase(DatabaseServer.POSTGRES)
class PostgresSchemaIT extends SchemaBehaviourSuite {

	@Override
	protected TestDatabase createDatabase() {
		return new PostgresTestDatabase();
	}

}
