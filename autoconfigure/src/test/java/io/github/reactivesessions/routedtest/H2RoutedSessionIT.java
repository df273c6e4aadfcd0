package io.github.reactivesessions.routedtest;

import io.github.reactivesessions.testsupport.TestDatabases;

import org.springframework.test.context.ContextConfiguration;

/**
 * The routed-session suite on H2.
 */
@ContextConfiguration(initializers = TestDatabases.H2.class)
class H2RoutedSessionIT extends RoutedSessionSuite {

	@Override
	protected String killConnection(Object connectionId) {
		return "SELECT ABORT_SESSION(%s)".formatted(connectionId);
	}

}
