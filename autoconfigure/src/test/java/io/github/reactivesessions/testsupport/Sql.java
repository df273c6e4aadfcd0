package io.github.reactivesessions.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Blocking SQL helpers for test set-up and assertions, on a connection of their own (so
 * they see only committed data). Each waits a minute at most: a statement blocked by a lock
 * that a broken test left behind fails the test instead of hanging the build.
 */
public final class Sql {

	private static final Duration TIMEOUT = Duration.ofMinutes(1);

	private Sql() {
	}

	public static void execute(ConnectionFactory connectionFactory, String... statements) {
		Mono.usingWhen(Mono.from(connectionFactory.create()), (connection) -> Flux.fromArray(statements)
			.concatMap((sql) -> Flux.from(connection.createStatement(sql).execute())
				.concatMap((result) -> result.getRowsUpdated()))
			.then(), Connection::close).block(TIMEOUT);
	}

	public static long count(ConnectionFactory connectionFactory, String table) {
		return queryLong(connectionFactory, "SELECT COUNT(*) FROM " + table);
	}

	public static long queryLong(ConnectionFactory connectionFactory, String sql) {
		Long value = Mono.usingWhen(Mono.from(connectionFactory.create()),
				(connection) -> Flux.from(connection.createStatement(sql).execute())
					.concatMap((result) -> result.map((row, metadata) -> ((Number) row.get(0)).longValue()))
					.next(),
				Connection::close).block(TIMEOUT);
		return (value != null) ? value : -1;
	}

	public static List<String> strings(ConnectionFactory connectionFactory, String sql) {
		List<String> values = Mono.usingWhen(Mono.from(connectionFactory.create()),
				(connection) -> Flux.from(connection.createStatement(sql).execute())
					.concatMap((result) -> result.map((row, metadata) -> String.valueOf(row.get(0))))
					.collectList(),
				Connection::close).block(TIMEOUT);
		return (values != null) ? values : new ArrayList<>();
	}

}
