package io.github.reactivesessions.benchmarks;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ContentionTableTests {

	@Test
	void rowGivesFailuresByStatusRetriesByCauseAndAttemptsPerRequest() {
		ContentionResult retry = new ContentionResult(ContentionServer.POSTGRES, ContentionRoute.RETRY,
				List.of(round(100, 0)),
				Map.of(), new BeginCounts(150, Map.of("deadlock", 40L, "lock-timeout", 2L), Map.of(), Map.of()));
		ContentionResult once = new ContentionResult(ContentionServer.MYSQL, ContentionRoute.ONCE, List.of(round(90, 10)),
				Map.of("HTTP 500", 10L), new BeginCounts(0, Map.of(), Map.of(),
						Map.of("TransientDataAccessResourceException (deadlock)", 10L)));
		String table = ContentionTable.render(List.of(retry, once));
		assertThat(table).startsWith(ContentionTable.HEADER + "\n");
		assertThat(table).contains("| postgres | two UPDATEs, `TransactionRetry.attempts(10)` | 100 | 0 | 0.0 % | 100 "
				+ "| 50.0 | 99.0 | 1.50 | deadlock 40, lock-timeout 2 | 0 | – |");
		assertThat(table).contains("| mysql | two UPDATEs, `TransactionRetry.none()` | 100 | 10 (HTTP 500 10) | 10.0 % | 90 "
				+ "| 45.0 | 90.0 | – | – | 0 | TransientDataAccessResourceException (deadlock) 10 |");
	}

	/**
	 * A round of one second with latencies of 1 to n ms.
	 */
	private static RoundResult round(int successes, int failures) {
		LatencyLog log = new LatencyLog();
		for (int i = 1; i <= successes; i++) {
			log.success(i * 1_000_000L);
		}
		for (int i = 0; i < failures; i++) {
			log.failure("POST /transfer: HTTP 500");
		}
		return RoundResult.of(List.of(log), 1_000_000_000L, 0, 0);
	}

}
