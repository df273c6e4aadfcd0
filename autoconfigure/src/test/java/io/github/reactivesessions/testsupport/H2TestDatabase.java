package io.github.reactivesessions.testsupport;

import java.util.UUID;

import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An in-memory H2 database with a unique name, kept alive between connections.
 */
public final class H2TestDatabase implements TestDatabase {

	private final String url = "r2dbc:h2:mem:///sa_" + UUID.randomUUID().toString().replace("-", "")
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
	public ConnectionFactory connectionFactory() {
		return this.connectionFactory;
	}

	@Override
	public String identityColumn() {
		return "BIGINT AUTO_INCREMENT PRIMARY KEY";
	}

	@Override
	public String connectionIdQuery() {
		return "SELECT SESSION_ID()";
	}

	@Override
	public String tableNamesQuery() {
		return "SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = CURRENT_SCHEMA";
	}

	@Override
	public boolean enforcesReadOnlyTransactions() {
		return false;
	}

	@Override
	public void close() {
		Mono.usingWhen(Mono.from(this.connectionFactory.create()),
				(connection) -> Flux.from(connection.createStatement("SHUTDOWN").execute()).then(),
				(connection) -> Mono.from(connection.close()).onErrorComplete())
			.onErrorComplete()
			.block();
	}

}
