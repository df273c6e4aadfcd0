package io.github.reactivesessions.autoconfigure;

import io.github.reactivesessions.testsupport.DatabaseServer;
import io.github.reactivesessions.testsupport.RequiresDatabase;
import io.github.reactivesessions.testsupport.TestDatabases;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;

/**
 * The per-bind Flyway migrations suite on MariaDB (MySQL protocol).
 */
@RequiresDatabase(DatabaseServer.MYSQL)
class MySqlFlywayMigrationsIT extends FlywayMigrationsSuite {

	@Override
	protected ApplicationContextInitializer<GenericApplicationContext> databases() {
		return new TestDatabases.MySql();
	}

}
