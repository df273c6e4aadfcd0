package io.github.reactivesessions.bind;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.github.reactivesessions.session.ReactiveSessionFactory;
import io.github.reactivesessions.testsupport.DatabaseServer;
import io.github.reactivesessions.testsupport.RequiresDatabase;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bind behind PgBouncer in transaction mode ({@code scripts/services.sh start}): the
 * same load of statements with parameters, without and with {@code pooler: transaction}.
 */
@RequiresDatabase(DatabaseServer.PGBOUNCER)
class PgBouncerTransactionModeIT {

	@Test
	void namedStatementsFailBehindATransactionModePoolerWithoutTheSetting() {
		Map<String, Long> outcomes = load(Pooler.NONE);
		System.out.println("[pgbouncer] without pooler: " + outcomes);
		assertThat(outcomes.keySet()).anySatisfy((outcome) -> assertThat(outcome).contains("prepared statement"));
	}

	@Test
	void transactionPoolerSettingRunsTheSameLoadWithoutAFailure() {
		Map<String, Long> outcomes = load(Pooler.TRANSACTION);
		System.out.println("[pgbouncer] with pooler transaction: " + outcomes);
		assertThat(outcomes).containsOnlyKeys("ok");
	}

	private static Map<String, Long> load(Pooler pooler) {
		Bind bind = Bind.of(DatabaseServer.PGBOUNCER.url())
			.key("sa_bouncer")
			.pooler(pooler)
			.pool((pool) -> pool.maxSize(8))
			.build();
		try {
			ReactiveSessionFactory sessions = bind.sessionFactory();
			return Flux.range(0, 400)
				.flatMap((i) -> sessions.withSession((session) -> ((i % 2 == 0)
						? session.sql("SELECT CAST(:n AS INT) + 1").bind("n", i).map((row) -> row.get(0)).one()
						: session.begin((s) -> s.sql("SELECT CAST(:n AS INT) * 2").bind("n", i).map((row) -> row.get(0))
							.one()))
					.thenReturn("ok")
					.onErrorResume((ex) -> Mono.just(String.valueOf(deepest(ex).getMessage())))), 8)
				.collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()))
				.block(Duration.ofSeconds(60));
		}
		finally {
			bind.close();
		}
	}

	private static Throwable deepest(Throwable failure) {
		Throwable cause = failure;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return cause;
	}

}
