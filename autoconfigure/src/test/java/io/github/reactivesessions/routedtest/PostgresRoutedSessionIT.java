package io.github.reactivesessions.routedtest;

import io.github.reactivesessions.testsupport.DatabaseServer;
import io.github.reactivesessions.testsupport.RequiresDatabase;
import io.github.reactivesessions.testsupport.TestDatabases;

import org.springframework.test.context.ContextConfiguration;

/**
 * The routed-session suite on PostgreSQL.
 */
@RequiresDatabase(DatabaseServer.POSTGRES)
@ContextConfiguration(initializers = TestDatabases.Postgres.class)
class PostgresRoutedSessionIT extends RoutedSessionSuite {

	@Override
	protected String killConnection(Object connectionId) {
		return "SELECT pg_terminate_backend(%s)".formatted(connectionId);
	}

}
