package io.github.reactivesessions.replicatest;

import io.github.reactivesessions.testsupport.DatabaseServer;
import io.github.reactivesessions.testsupport.RequiresDatabase;
import io.github.reactivesessions.testsupport.TestDatabases;

import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;

/**
 * The replica routing suite on PostgreSQL, the replica being another schema.
 */
@RequiresDatabase(DatabaseServer.POSTGRES)
@ContextConfiguration(initializers = TestDatabases.Postgres.class)
@TestPropertySource(properties = "test.replicas.unreachable-url=r2dbc:postgresql://postgres@127.0.0.1:1/test")
class PostgresReplicaRoutingIT extends ReplicaRoutingSuite {

	@Override
	protected String readOnlyQuery() {
		// A plain query (SHOW counts as a write, which would move the session to the primary).
		return "SELECT current_setting('transaction_read_only')";
	}

	@Override
	protected String killConnection(Object connectionId) {
		return "SELECT pg_terminate_backend(%s)".formatted(connectionId);
	}

}
