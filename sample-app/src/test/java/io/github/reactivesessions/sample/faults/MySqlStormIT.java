package io.github.reactivesessions.sample.faults;

import io.github.reactivesessions.testsupport.DatabaseServer;
import io.github.reactivesessions.testsupport.MySqlTestDatabase;
import io.github.reactivesessions.testsupport.RequiresDatabase;
import io.github.reactivesessions.testsupport.Sql;
import io.github.reactivesessions.testsupport.TestDatabase;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.AfterAll;

import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The storms on MySQL/MariaDB, the sample app with its {@code mysql} profile in a database of
 * its own. {@code INNODB_TRX} shows its connections that are inside a transaction (from its
 * first statement on: a transaction that only ran {@code BEGIN} shows in the pool's
 * acquired count instead).
 */
@RequiresDatabase(DatabaseServer.MYSQL)
@ActiveProfiles("mysql")
class MySqlStormIT extends StormSuite {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		SampleBinds.register(registry, Databases.DATABASE.url());
	}

	@AfterAll
	static void dropDatabase() {
		// A connection a failed storm left inside a transaction holds locks the drop waits for.
		for (String id : Sql.strings(Databases.ADMIN,
				"SELECT ID FROM information_schema.PROCESSLIST WHERE DB = '" + Databases.NAME + "'")) {
			try {
				Sql.execute(Databases.ADMIN, "KILL " + id);
			}
			catch (RuntimeException ex) {
				// Gone meanwhile.
			}
		}
		Databases.DATABASE.close();
	}

	@Override
	protected TestDatabase database() {
		return Databases.DATABASE;
	}

	@Override
	protected ConnectionFactory admin() {
		return Databases.ADMIN;
	}

	@Override
	protected String openTransactionsQuery() {
		return "SELECT COUNT(*) FROM information_schema.INNODB_TRX t JOIN information_schema.PROCESSLIST p "
				+ "ON p.ID = t.trx_mysql_thread_id WHERE p.DB = '" + Databases.NAME + "'";
	}

	@Override
	protected String openTransactionsDetailQuery() {
		return "SELECT CONCAT(t.trx_state, ' since ', t.trx_started, ', ', p.COMMAND, ', running: ', "
				+ "IFNULL(t.trx_query, '-')) FROM information_schema.INNODB_TRX t JOIN information_schema.PROCESSLIST p "
				+ "ON p.ID = t.trx_mysql_thread_id WHERE p.DB = '" + Databases.NAME + "'";
	}

	/**
	 * Created on first use, so that a skipped class never connects to the server.
	 */
	private static final class Databases {

		static final TestDatabase DATABASE = new MySqlTestDatabase();

		static final ConnectionFactory ADMIN = ConnectionFactories.get(DatabaseServer.MYSQL.url());

		static final String NAME = Sql.strings(DATABASE.connectionFactory(), "SELECT DATABASE()").get(0);

	}

}
