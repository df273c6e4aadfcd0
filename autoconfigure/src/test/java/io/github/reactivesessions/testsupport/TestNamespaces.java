package io.github.reactivesessions.testsupport;

import java.util.UUID;

/**
 * Names of the schemas and databases the test databases create.
 */
final class TestNamespaces {

	/**
	 * Prefix of every namespace a test creates, so that one left behind by a killed run is
	 * easy to find and drop.
	 */
	static final String PREFIX = "sa_it_";

	private TestNamespaces() {
	}

	/**
	 * A new lower-case name that no concurrent run will pick.
	 */
	static String randomName() {
		return PREFIX + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
	}

}
