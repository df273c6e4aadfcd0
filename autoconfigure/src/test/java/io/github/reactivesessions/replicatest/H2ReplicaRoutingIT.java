package io.github.reactivesessions.replicatest;

import io.github.reactivesessions.testsupport.TestDatabases;
import org.jspecify.annotations.Nullable;

import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;

/**
 * The replica routing suite on H2, whose transactions have no read-only mode.
 */
@ContextConfiguration(initializers = TestDatabases.H2.class)
// r2dbc-h2 has no tcp protocol: the replica nothing answers is one of another driver.
@TestPropertySource(properties = "test.replicas.unreachable-url=r2dbc:postgresql://postgres@127.0.0.1:1/unreachable")
class H2ReplicaRoutingIT extends ReplicaRoutingSuite {

	@Override
	protected @Nullable String readOnlyQuery() {
		return null;
	}

	@Override
	protected String killConnection(Object connectionId) {
		return "SELECT ABORT_SESSION(%s)".formatted(connectionId);
	}

}
