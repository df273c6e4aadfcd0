package io.github.reactivesessions.benchmarks;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The figures of one scenario on one database.
 *
 * @param scenario the scenario
 * @param database the database name
 * @param starter the starter side
 * @param handWritten the hand-written side
 * @param ratios throughput ratio starter / hand-written of each pair of rounds
 * @param starterAcquired connections the starter's application asked its pools for, from
 * its start to the end of the scenario
 * @param starterRequests requests sent to the starter's application in that time
 * @param failures failed requests of both sides, warm-up included
 * @param firstFailure description of the first failure, if any
 */
public record ScenarioResult(Scenario scenario, String database, SideSummary starter, SideSummary handWritten,
		List<Double> ratios, long starterAcquired, long starterRequests, long failures,
		@Nullable String firstFailure) {

	/**
	 * Return the throughput ratio starter / hand-written: the median of the ratios of
	 * rounds run one after the other, which share the machine's load at that moment.
	 * @return the median ratio
	 */
	public double ratio() {
		return SideSummary.median(this.ratios, Double::doubleValue);
	}

	double minRatio() {
		return this.ratios.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
	}

	double maxRatio() {
		return this.ratios.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
	}

	/**
	 * The target: S1 at least 0.98 of the application without the starter with no
	 * connection acquired, the others at least 0.95 of the hand-written code.
	 */
	double targetRatio() {
		return (this.scenario == Scenario.S1) ? 0.98 : 0.95;
	}

	boolean targetMet() {
		return ratio() >= targetRatio() && (this.scenario != Scenario.S1 || this.starterAcquired == 0);
	}

}
