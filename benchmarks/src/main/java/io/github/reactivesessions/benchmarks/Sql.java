package io.github.reactivesessions.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Row;
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

	/**
	 * Run a query and map each row.
	 * @param connectionFactory where to run it
	 * @param sql the query
	 * @param mapper a value of each row
	 * @return the values, in the order of the rows
	 */
	static <T> List<T> query(ConnectionFactory connectionFactory, String sql, Function<Row, T> mapper) {
		return Mono.usingWhen(Mono.from(connectionFactory.create()),
				(connection) -> Flux.from(connection.createStatement(sql).execute())
					.concatMap((result) -> result.map((row, metadata) -> mapper.apply(row)))
					.collectList(),
				Connection::close)
			.block(TIMEOUT);
	}

}
