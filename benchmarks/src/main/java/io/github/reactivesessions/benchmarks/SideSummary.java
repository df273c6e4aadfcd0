package io.github.reactivesessions.benchmarks;

import java.io.Serializable;
import java.util.List;
import java.util.function.ToDoubleFunction;

import org.jspecify.annotations.Nullable;

/**
 * One side's figures in a scenario: medians over its measured rounds (over several forks,
 * medians of the forks' medians).
 *
 * @param throughput requests per second, median of rounds
 * @param p50Millis median latency in milliseconds, median of rounds
 * @param p99Millis 99th percentile latency in milliseconds, median of rounds
 * @param cpuMicrosPerRequest process CPU time per request in microseconds, median of rounds
 * @param kilobytesPerRequest kilobytes allocated per request, median of rounds
 */
record SideSummary(double throughput, double p50Millis, double p99Millis, double cpuMicrosPerRequest,
		double kilobytesPerRequest) implements Serializable {

	static SideSummary of(List<RoundResult> rounds) {
		return new SideSummary(median(rounds, RoundResult::throughput),
				median(rounds, (round) -> round.percentileMillis(0.50)),
				median(rounds, (round) -> round.percentileMillis(0.99)),
				median(rounds, RoundResult::cpuMicrosPerRequest), median(rounds, RoundResult::kilobytesPerRequest));
	}

	/**
	 * The median of each figure over several forks' summaries.
	 */
	static SideSummary median(List<SideSummary> forks) {
		return new SideSummary(median(forks, SideSummary::throughput), median(forks, SideSummary::p50Millis),
				median(forks, SideSummary::p99Millis), median(forks, SideSummary::cpuMicrosPerRequest),
				median(forks, SideSummary::kilobytesPerRequest));
	}

	static <T> double median(List<T> items, ToDoubleFunction<T> value) {
		double[] values = items.stream().mapToDouble(value).sorted().toArray();
		if (values.length == 0) {
			return Double.NaN;
		}
		int middle = values.length / 2;
		return (values.length % 2 == 1) ? values[middle] : (values[middle - 1] + values[middle]) / 2;
	}

	static @Nullable String firstFailure(List<RoundResult> rounds) {
		return rounds.stream().map(RoundResult::firstFailure).filter((failure) -> failure != null).findFirst().orElse(null);
	}

}
