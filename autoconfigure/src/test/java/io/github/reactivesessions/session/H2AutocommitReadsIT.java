package io.github.reactivesessions.session;

import io.github.reactivesessions.testsupport.H2TestDatabase;
import io.github.reactivesessions.testsupport.TestDatabase;

/**
 * Autocommit-reads on H2.
 */
class H2AutocommitReadsIT extends AutocommitReadsSuite {

	@Override
	protected TestDatabase createDatabase() {
		return new H2TestDatabase();
	}

	@Override
	protected boolean autocommitReadsByDefault() {
		return true;
	}

}
