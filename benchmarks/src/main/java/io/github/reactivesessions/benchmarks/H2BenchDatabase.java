package io.github.reactivesessions.benchmarks;

import java.util.UUID;

import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;

/**
 * An embedded in-memory H2 database with a unique name, kept alive between connections
 * until closed.
 */
final class H2BenchDatabase implements BenchDatabase {

	private final String url = "r2dbc:h2:mem:///sa_bench_" + UUID.randomUUID().toString().replace("-", "")
			+ "?options=DB_CLOSE_DELAY=-1;CASE_INSENSITIVE_IDENTIFIERS=TRUE";

	private final ConnectionFactory connectionFactory = ConnectionFactories.get(this.url);

	@Override
	public String name() {
		return "h2";
	}

	@Override
	public String url() {
		return this.url;
	}

	@Override
	public void reset() {
		Sql.execute(this.connectionFactory, "DROP TABLE IF EXISTS item",
				"CREATE TABLE item (id BIGINT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100) NOT NULL, "
						+ "quantity INT NOT NULL)",
				"INSERT INTO item (name, quantity) SELECT 'item-' || X, MOD(X, 100) FROM SYSTEM_RANGE(1, "
						+ Scenario.SEED_ROWS + ")");
	}

	@Override
	public void close() {
		Sql.execute(this.connectionFactory, "SHUTDOWN");
	}

}
