package io.github.reactivesessions.autoconfigure;

import io.github.reactivesessions.testsupport.TestDatabases;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;

/**
 * The per-bind Flyway migrations suite on H2.
 */
class H2FlywayMigrationsIT extends FlywayMigrationsSuite {

	@Override
	protected ApplicationContextInitializer<GenericApplicationContext> databases() {
		return new TestDatabases.H2();
	}

}
