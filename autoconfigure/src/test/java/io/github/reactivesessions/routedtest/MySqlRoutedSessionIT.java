package io.github.reactivesessions.routedtest;

import io.github.reactivesessions.testsupport.DatabaseServer;
import io.github.reactivesessions.testsupport.RequiresDatabase;
import io.github.reactivesessions.testsupport.TestDatabases;

import org.springframework.test.context.ContextConfiguration;

/**
 * The routed-session suite on MariaDB (MySQL protocol).
 */
@RequiresDatabase(DatabaseServer.MYSQL)
@ContextConfiguration(initializers = TestDatabases.MySql.class)
class MySqlRoutedSessionIT extends RoutedSessionSuite {

	@Override
	protected String killConnection(Object connectionId) {
		return "KILL %s".formatted(connectionId);
	}

}
