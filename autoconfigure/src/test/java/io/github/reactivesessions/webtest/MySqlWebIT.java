package io.github.reactivesessions.webtest;

import io.github.reactivesessions.testsupport.DatabaseServer;
import io.github.reactivesessions.testsupport.RequiresDatabase;
import io.github.reactivesessions.testsupport.TestDatabases;

import org.springframework.test.context.ContextConfiguration;

/**
 * The web behaviour suite on MySQL/MariaDB.
 */
@RequiresDatabase(DatabaseServer.MYSQL)
@ContextConfiguration(initializers = TestDatabases.MySql.class)
class MySqlWebIT extends WebBehaviourSuite {

	@Override
	protected boolean autocommitReadsByDefault() {
		return false;
	}

}
