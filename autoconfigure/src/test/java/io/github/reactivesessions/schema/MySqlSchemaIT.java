package io.github.reactivesessions.schema;

import io.github.reactivesessions.testsupport.DatabaseServer;
import io.github.reactivesessions.testsupport.MySqlTestDatabase;
import io.github.reactivesessions.testsupport.RequiresDatabase;
import io.github.reactivesessions.testsupport.TestDatabase;

/**
 * Schema creation on MySQL/MariaDB.
 */
@RequiresDatabase(DatabaseServer.MYSQL)
class MySqlSchemaIT extends SchemaBehaviourSuite {

	@Override
	protected TestDatabase createDatabase() {
		return new MySqlTestDatabase();
	}

}
