package io.github.reactivesessions.session;

import io.github.reactivesessions.testsupport.H2TestDatabase;
import io.github.reactivesessions.testsupport.TestDatabase;

/**
 * Session behaviour on H2.
 */
class H2SessionIT extends SessionBehaviourSuite {

	@Override
	protected TestDatabase createDatabase() {
		return new H2TestDatabase();
	}

}
