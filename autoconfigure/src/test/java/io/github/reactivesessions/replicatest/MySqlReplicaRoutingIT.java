package io.github.reactivesessions.replicatest;

import io.github.reactivesessions.testsupport.DatabaseServer;
import io.github.reactivesessions.testsupport.RequiresDatabase;
import io.github.reactivesessions.testsupport.TestDatabases;

import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;

/**
 * The replica routing suite on MySQL or MariaDB, the replica being another database.
 */
@RequiresDatabase(DatabaseServer.MYSQL)
@ContextConfiguration(initializers = TestDatabases.MySql.class)
@TestPropertySource(properties = "test.replicas.unreachable-url=r2dbc:mysql://root@127.0.0.1:1/test")
class MySqlReplicaRoutingIT extends ReplicaRoutingSuite {

	@Override
	protected String readOnlyQuery() {
		// MariaDB 10 has no @@transaction_read_only; InnoDB knows its transaction.
		return "SELECT trx_is_read_only FROM information_schema.innodb_trx WHERE trx_mysql_thread_id = CONNECTION_ID()";
	}

	@Override
	protected String killConnection(Object connectionId) {
		return "KILL %s".formatted(connectionId);
	}

}
