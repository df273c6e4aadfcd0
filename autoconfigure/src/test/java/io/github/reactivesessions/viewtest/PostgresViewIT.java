package io.github.reactivesessions.viewtest;

import io.github.reactivesessions.testsupport.DatabaseServer;
import io.github.reactivesessions.testsupport.RequiresDatabase;
import io.github.reactivesessions.testsupport.TestDatabases;

import org.springframework.test.context.ContextConfiguration;

/**
 * The view behaviour suite on PostgreSQL.
 */
@RequiresDatabase(DatabaseServer.POSTGRES)
@ContextConfiguration(initializers = TestDatabases.Postgres.class)
class PostgresViewIT extends ViewBehaviourSuite {

}
