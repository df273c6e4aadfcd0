package io.github.reactivesessions.autoconfigure;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.github.reactivesessions.bind.Binds;
import io.github.reactivesessions.testsupport.DatabaseServer;
import io.github.reactivesessions.testsupport.R2dbcUrls;
import io.github.reactivesessions.testsupport.RequiresDatabase;
import io.github.reactivesessions.testsupport.Sql;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bind's Flyway migrations through PgBouncer in transaction mode: with
 * {@code pooler: transaction} the derived JDBC url keeps pgJDBC from naming its prepared
 * statements, which the next transaction may find on another backend ("prepared statement
 * S_1 already exists", as three instances of the sample app met it).
 */
@RequiresDatabase(DatabaseServer.PGBOUNCER)
class PgBouncerFlywayMigrationsIT {

	private static final ConnectionFactory SERVER = ConnectionFactories.get(DatabaseServer.POSTGRES.url());

	private static final int POOLER_BACKENDS = 4;

	@Test
	void migrationsThroughATransactionPoolerRunWithPoolerTransaction() throws SQLException {
		String database = "sa_flyway_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		Sql.execute(SERVER, "CREATE DATABASE " + database);
		try {
			leaveNamedStatementsOnThePoolersBackends(database);
			new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ReactiveSessionsAutoConfiguration.class))
				.withPropertyValues("sa.binds.sa_main.url=" + R2dbcUrls.withDatabase(DatabaseServer.PGBOUNCER.url(), database),
						"sa.binds.sa_main.pooler=transaction", "sa.binds.sa_main.flyway.enabled=true")
				.run((context) -> {
					assertThat(context).hasNotFailed();
					assertThat(Sql.strings(context.getBean(Binds.class).connectionFactory(), "SELECT title FROM mig_book"))
						.containsExactly("Dune");
				});
		}
		finally {
			Sql.execute(SERVER, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
		}
	}

	// Other pgJDBC clients of the pooler, as the other instances of an application are: after
	// five runs of a statement pgJDBC prepares it as S_1 on the backend of that transaction,
	// where it stays once the client has gone, as transaction mode resets nothing.
	private static void leaveNamedStatementsOnThePoolersBackends(String database) throws SQLException {
		ConnectionFactoryOptions pooler = ConnectionFactoryOptions.parse(DatabaseServer.PGBOUNCER.url());
		String url = "jdbc:postgresql://" + pooler.getValue(ConnectionFactoryOptions.HOST) + ":"
				+ pooler.getValue(ConnectionFactoryOptions.PORT) + "/" + database;
		List<Connection> clients = new ArrayList<>();
		try {
			for (int i = 0; i < POOLER_BACKENDS; i++) {
				Connection client = DriverManager.getConnection(url, "postgres", "");
				client.setAutoCommit(false);
				try (PreparedStatement statement = client.prepareStatement("SELECT 1")) {
					for (int run = 0; run < 6; run++) {
						statement.executeQuery().close();
					}
				}
				// Each client holds a backend inside its transaction, so the next gets another.
				clients.add(client);
			}
		}
		finally {
			for (Connection client : clients) {
				client.commit();
				client.close();
			}
		}
	}

}
