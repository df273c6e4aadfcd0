package io.github.reactivesessions.benchmarks;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WarmUpTests {

	@Test
	void warmsUpForAtLeastThreeSlices() {
		assertThat(WarmUp.needsAnotherSlice(slices())).isTrue();
		assertThat(WarmUp.needsAnotherSlice(slices(1000))).isTrue();
		assertThat(WarmUp.needsAnotherSlice(slices(1000, 1000))).isTrue();
		assertThat(WarmUp.needsAnotherSlice(slices(1000, 1000, 1000))).isFalse();
	}

	@Test
	void goesOnWhileOneOfTheLastTwoSlicesRanMoreThanFivePercentFasterThanAllBefore() {
		assertThat(WarmUp.needsAnotherSlice(slices(400, 800, 1000))).isTrue();
		assertThat(WarmUp.needsAnotherSlice(slices(400, 800, 1000, 1010))).isTrue();
		assertThat(WarmUp.needsAnotherSlice(slices(400, 800, 1000, 1010, 1040))).isFalse();
	}

	@Test
	void oneSlowSliceDoesNotEndTheWarmUp() {
		assertThat(WarmUp.needsAnotherSlice(slices(400, 800, 500))).isTrue();
		assertThat(WarmUp.needsAnotherSlice(slices(400, 800, 500, 1000))).isTrue();
	}

	@Test
	void stopsAfterTwelveSlicesWhateverTheThroughput() {
		List<RoundResult> slices = new ArrayList<>();
		for (int i = 1; i <= WarmUp.MAX_SLICES; i++) {
			slices.add(slice(i * 1000));
		}
		assertThat(WarmUp.needsAnotherSlice(slices.subList(0, WarmUp.MAX_SLICES - 1))).isTrue();
		assertThat(WarmUp.needsAnotherSlice(slices)).isFalse();
	}

	private static List<RoundResult> slices(int... requestsPerSecond) {
		List<RoundResult> slices = new ArrayList<>();
		for (int throughput : requestsPerSecond) {
			slices.add(slice(throughput));
		}
		return slices;
	}

	private static RoundResult slice(int requestsInOneSecond) {
		return new RoundResult(requestsInOneSecond, 0, 1_000_000_000L, 0, 0, new long[0], null);
	}

}
