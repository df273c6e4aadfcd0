package io.github.reactivesessions.benchmarks;

import java.time.Duration;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Blocking SQL for setting a database up and tearing it down, outside the measured rounds.
 */
final class Sql {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private Sql() {
	}

	static void execute(ConnectionFactory connectionFactory, String... statements) {
		Mono.usingWhen(Mono.from(connectionFactory.create()),
				(connection) -> Flux.fromArray(statements)
					.concatMap((sql) -> Flux.from(connection.createStatement(sql).execute())
						.concatMap((result) -> result.getRowsUpdated()))
					.then(),
				Connection::close)
			.block(TIMEOUT);
	}

}
