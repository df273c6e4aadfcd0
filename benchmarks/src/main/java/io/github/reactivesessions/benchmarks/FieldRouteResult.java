package io.github.reactivesessions.benchmarks;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The figures of one route of the field application: medians of its measured rounds.
 *
 * @param route the route
 * @param rounds its measured rounds, in the order they ran
 * @param failures failed requests, warm-up included
 * @param firstFailure description of the first failure, if any
 */
record FieldRouteResult(FieldRoute route, List<FieldRound> rounds, long failures, @Nullable String firstFailure) {

	FieldRouteResult {
		rounds = List.copyOf(rounds);
	}

	double throughput() {
		return SideSummary.median(this.rounds, FieldRound::throughput);
	}

	double p50Millis() {
		return SideSummary.median(this.rounds, (round) -> round.load().percentileMillis(0.50));
	}

	double p99Millis() {
		return SideSummary.median(this.rounds, (round) -> round.load().percentileMillis(0.99));
	}

	double applicationMicrosPerRequest() {
		return SideSummary.median(this.rounds, FieldRound::applicationMicrosPerRequest);
	}

	double databaseMicrosPerRequest() {
		return SideSummary.median(this.rounds, FieldRound::databaseMicrosPerRequest);
	}

	/**
	 * Return the median of this route's throughput over another's in each round: the
	 * rounds of the same number ran one after the other, in the same load of the machine.
	 */
	double ratioTo(FieldRouteResult other) {
		List<Double> ratios = new ArrayList<>();
		for (int i = 0; i < Math.min(this.rounds.size(), other.rounds.size()); i++) {
			ratios.add(this.rounds.get(i).throughput() / other.rounds.get(i).throughput());
		}
		return SideSummary.median(ratios, Double::doubleValue);
	}

}
