package io.github.reactivesessions.viewtest;

import io.github.reactivesessions.testsupport.H2TestDatabase;
import io.github.reactivesessions.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The view behaviour suite on H2.
 */
class H2ViewIT extends ViewBehaviourSuite {

	private static final TestDatabase MAIN = new H2TestDatabase();

	private static final TestDatabase SECOND = new H2TestDatabase();

	@DynamicPropertySource
	static void binds(DynamicPropertyRegistry registry) {
		registerBinds(registry, MAIN, SECOND);
	}

	@AfterAll
	static void dropDatabases() {
		MAIN.close();
		SECOND.close();
	}

	@Override
	protected TestDatabase main() {
		return MAIN;
	}

	@Override
	protected TestDatabase second() {
		return SECOND;
	}

}
