package io.github.reactivesessions.sample.faults;

/**
 * The fuzz suite on the sample app as it starts with no configuration: embedded H2.
 */
class H2FuzzIT extends FuzzSuite {

	@Override
	protected String databaseName() {
		return "h2";
	}

}
