package io.github.reactivesessions.benchmarks;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * The figures of one route on one database: its measured rounds, its failed requests by
 * status, and what the application counted during its rounds.
 *
 * @param server the database server
 * @param route the route
 * @param rounds its measured rounds, in the order they ran
 * @param failureKinds failed requests by status (or error, when none came)
 * @param counts the application's begin meters and failed requests by exception, during
 * this route's rounds only
 */
record ContentionResult(ContentionServer server, ContentionRoute route, List<RoundResult> rounds,
		Map<String, Long> failureKinds, BeginCounts counts) {

	ContentionResult {
		rounds = List.copyOf(rounds);
		failureKinds = new TreeMap<>(failureKinds);
	}

	long requests() {
		return this.rounds.stream().mapToLong(RoundResult::requests).sum();
	}

	long successes() {
		return this.rounds.stream().mapToLong(RoundResult::successes).sum();
	}

	long failures() {
		return this.rounds.stream().mapToLong(RoundResult::failures).sum();
	}

	/**
	 * Return the share of requests that failed, from 0 to 1.
	 */
	double failureRate() {
		return (requests() > 0) ? (double) failures() / requests() : 0;
	}

	/**
	 * Return the transfers committed per second, median of rounds.
	 */
	double throughput() {
		return SideSummary.median(this.rounds, RoundResult::throughput);
	}

	double p50Millis() {
		return SideSummary.median(this.rounds, (round) -> round.percentileMillis(0.50));
	}

	double p99Millis() {
		return SideSummary.median(this.rounds, (round) -> round.percentileMillis(0.99));
	}

	@Nullable String firstFailure() {
		return SideSummary.firstFailure(this.rounds);
	}

}
