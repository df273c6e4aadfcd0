package io.github.reactivesessions.benchmarks;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BeginCountsTests {

	@Test
	void readsTheApplicationsAnswerWithoutTheZeros() {
		BeginCounts counts = BeginCounts.parse("""
				{"attempts":12,"retries":{"deadlock":3,"lock-timeout":0,"predicate":0},
				"exhausted":{"deadlock":0},"failures":{"UncategorizedR2dbcException (deadlock)":2}}""");
		assertThat(counts).isEqualTo(new BeginCounts(12, Map.of("deadlock", 3L), Map.of(),
				Map.of("UncategorizedR2dbcException (deadlock)", 2L)));
		assertThat(counts.totalRetries()).isEqualTo(3);
		assertThat(counts.totalExhausted()).isZero();
	}

	@Test
	void differenceOfTwoReadingsIsWhatHappenedBetweenThem() {
		BeginCounts before = new BeginCounts(10, Map.of("deadlock", 2L), Map.of(), Map.of("A", 1L));
		BeginCounts after = new BeginCounts(25, Map.of("deadlock", 5L, "lock-timeout", 1L), Map.of("deadlock", 1L),
				Map.of("A", 1L));
		BeginCounts during = after.minus(before);
		assertThat(during).isEqualTo(
				new BeginCounts(15, Map.of("deadlock", 3L, "lock-timeout", 1L), Map.of("deadlock", 1L), Map.of()));
		assertThat(BeginCounts.NONE.plus(during).plus(during).retries()).containsEntry("deadlock", 6L)
			.containsEntry("lock-timeout", 2L);
	}

}
