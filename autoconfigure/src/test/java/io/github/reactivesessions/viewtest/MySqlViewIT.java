package io.github.reactivesessions.viewtest;

import io.github.reactivesessions.testsupport.DatabaseServer;
import io.github.reactivesessions.testsupport.RequiresDatabase;
import io.github.reactivesessions.testsupport.TestDatabases;

import org.springframework.test.context.ContextConfiguration;

/**
 * The view behaviour suite on MySQL/MariaDB.
 */
@RequiresDatabase(DatabaseServer.MYSQL)
@ContextConfiguration(initializers = TestDatabases.MySql.class)
class MySqlViewIT extends ViewBehaviourSuite {

}
