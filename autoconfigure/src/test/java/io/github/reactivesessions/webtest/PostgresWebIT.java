package io.github.reactivesessions.webtest;

import io.github.reactivesessions.testsupport.DatabaseServer;
import io.github.reactivesessions.testsupport.RequiresDatabase;
import io.github.reactivesessions.testsupport.TestDatabases;

import org.springframework.test.context.ContextConfiguration;

/**
 * The web behaviour suite on PostgreSQL.
 */
@RequiresDatabase(DatabaseServer.POSTGRES)
@ContextConfiguration(initializers = TestDatabases.Postgres.class)
class PostgresWebIT extends WebBehaviourSuite {

	@Override
	protected boolean autocommitReadsByDefault() {
		return true;
	}

}
