package io.github.reactivesessions.schema;

import io.github.reactivesessions.testsupport.H2TestDatabase;
import io.github.reactivesessions.testsupport.TestDatabase;

/**
 * Schema creation on H2.
 */
class H2SchemaIT extends SchemaBehaviourSuite {

	@Override
	protected TestDatabase createDatabase() {
		return new H2TestDatabase();
	}

}
