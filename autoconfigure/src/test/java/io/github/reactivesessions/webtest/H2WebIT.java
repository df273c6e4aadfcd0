package io.github.reactivesessions.webtest;

import io.github.reactivesessions.testsupport.TestDatabases;

import org.springframework.test.context.ContextConfiguration;

/**
 * The web behaviour suite on H2.
 */
@ContextConfiguration(initializers = TestDatabases.H2.class)
class H2WebIT extends WebBehaviourSuite {

	@Override
	protected boolean autocommitReadsByDefault() {
		return true;
	}

}
