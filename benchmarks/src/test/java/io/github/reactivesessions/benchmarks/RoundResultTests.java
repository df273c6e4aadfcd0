package io.github.reactivesessions.benchmarks;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RoundResultTests {

	@Test
	void mergesTheLogsOfAllConnections() {
		LatencyLog first = new LatencyLog();
		LatencyLog second = new LatencyLog();
		for (int i = 1; i <= 50; i++) {
			first.success(i * 1_000_000L);
			second.success((i + 50) * 1_000_000L);
		}
		second.failure("GET /x: HTTP 500");
		RoundResult round = RoundResult.of(List.of(first, second), 2_000_000_000L, 0, 0);
		assertThat(round.successes()).isEqualTo(100);
		assertThat(round.failures()).isEqualTo(1);
		assertThat(round.requests()).isEqualTo(101);
		assertThat(round.throughput()).isEqualTo(50.0);
		assertThat(round.percentileMillis(0.50)).isEqualTo(50.0);
		assertThat(round.percentileMillis(0.99)).isEqualTo(99.0);
		assertThat(round.firstFailure()).isEqualTo("GET /x: HTTP 500");
	}

	@Test
	void logGrowsPastItsInitialCapacity() {
		LatencyLog log = new LatencyLog();
		for (int i = 0; i < 10_000; i++) {
			log.success(i);
		}
		assertThat(RoundResult.of(List.of(log), 1, 0, 0).successes()).isEqualTo(10_000);
	}

}
