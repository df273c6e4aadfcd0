package io.github.reactivesessions.benchmarks;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ScenarioResultTests {

	@Test
	void oneForksRatioIsTheMedianOfItsRounds() {
		ScenarioResult fork = fork(List.of(0.90, 1.20, 0.95), 10, 0);
		assertThat(fork.forkRatios()).containsExactly(0.95);
		assertThat(fork.ratio()).isEqualTo(0.95);
	}

	@Test
	void forksCombineIntoTheMedianOfTheirRatiosWithEveryRoundInTheRange() {
		ScenarioResult combined = ScenarioResult.ofForks(List.of(fork(List.of(1.10, 1.10, 1.10), 5, 0),
				fork(List.of(1.00, 1.05, 1.20), 7, 1), fork(List.of(0.90, 0.95, 1.30), 9, 2)));
		// Pooled, the nine rounds' median would be 1.10; the forks' median is 1.05.
		assertThat(combined.forkRatios()).containsExactly(1.10, 1.05, 0.95);
		assertThat(combined.ratio()).isEqualTo(1.05);
		assertThat(combined.ratios()).hasSize(9);
		assertThat(combined.minRatio()).isEqualTo(0.90);
		assertThat(combined.maxRatio()).isEqualTo(1.30);
		assertThat(combined.starterAcquired()).isEqualTo(21);
		assertThat(combined.starterRequests()).isEqualTo(21);
		assertThat(combined.failures()).isEqualTo(3);
		assertThat(combined.firstFailure()).isEqualTo("failure 1");
	}

	@Test
	void forksCombineEachSidesFiguresIntoTheirMedians() {
		List<Double> ratios = List.of(1.0, 1.0, 1.0);
		ScenarioResult combined = ScenarioResult.ofForks(
				List.of(fork(ratios, 1, 0, 100), fork(ratios, 1, 0, 110), fork(ratios, 1, 0, 400)));
		// The median, not the mean (203) nor the last fork's.
		assertThat(combined.starter()).isEqualTo(new SideSummary(110, 1.1, 11, 110, 11));
		assertThat(combined.handWritten()).isEqualTo(new SideSummary(100, 1, 10, 100, 10));
	}

	private static ScenarioResult fork(List<Double> ratios, long acquired, long failures) {
		return fork(ratios, acquired, failures, 100);
	}

	private static ScenarioResult fork(List<Double> ratios, long acquired, long failures, double figure) {
		return ScenarioResult.ofFork(Scenario.S2, "h2",
				new SideSummary(figure, figure / 100, figure / 10, figure, figure / 10),
				new SideSummary(100, 1, 10, 100, 10), ratios, acquired, acquired, failures,
				(failures > 0) ? "failure " + failures : null);
	}

}
