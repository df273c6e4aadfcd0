package io.github.reactivesessions.viewtest;

import io.github.reactivesessions.testsupport.TestDatabases;

import org.springframework.test.context.ContextConfiguration;

/**
 * The view behaviour suite on H2.
 */
@ContextConfiguration(initializers = TestDatabases.H2.class)
class H2ViewIT extends ViewBehaviourSuite {

}
