package io.github.reactivesessions.faulttest;

import java.util.Map;

import io.github.reactivesessions.testsupport.DatabaseServer;
import io.github.reactivesessions.testsupport.MySqlTestDatabase;
import io.github.reactivesessions.testsupport.R2dbcUrls;
import io.github.reactivesessions.testsupport.RequiresDatabase;
import io.github.reactivesessions.testsupport.Sql;
import io.github.reactivesessions.testsupport.TestDatabase;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.AfterAll;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The fault suite on MySQL/MariaDB. The application's connections are those whose current
 * database is the suite's own; {@code INNODB_TRX} shows the ones inside a transaction.
 */
@RequiresDatabase(DatabaseServer.MYSQL)
class MySqlFaultIT extends FaultSuite {

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registerProperties(registry, Databases.DATABASE, DatabaseServer.MYSQL.url(), "KILL %s", Map.of(),
				"r2dbc:mysql://nobody:" + SECRET + "@127.0.0.1:1/none",
				R2dbcUrls.withUser(DatabaseServer.MYSQL.url(), "sa_fault_nobody:" + SECRET));
	}

	@AfterAll
	static void dropDatabase() {
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
	protected String connectionIdsQuery() {
		return "SELECT ID FROM information_schema.PROCESSLIST WHERE DB = '" + Databases.NAME + "'";
	}

	@Override
	protected String killStatement() {
		return "KILL %s";
	}

	/**
	 * Created on first use, so that a skipped class never connects to the server.
	 */
	private static final class Databases {

		static final TestDatabase DATABASE = new MySqlTestDatabase();

		static final ConnectionFactory ADMIN = connectionFactory(DatabaseServer.MYSQL.url());

		static final String NAME = Sql.strings(DATABASE.connectionFactory(), "SELECT DATABASE()").get(0);

	}

}
