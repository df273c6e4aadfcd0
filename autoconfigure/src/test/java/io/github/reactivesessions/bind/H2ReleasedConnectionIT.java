package io.github.reactivesessions.bind;

import io.github.reactivesessions.testsupport.H2TestDatabase;
import io.github.reactivesessions.testsupport.TestDatabase;

/**
 * What a pooled connection carries to its next borrower, on H2.
 */
class H2ReleasedConnectionIT extends ReleasedConnectionSuite {

	@Override
	protected TestDatabase createDatabase() {
		return new H2TestDatabase();
	}

}
