package io.github.reactivesessions.benchmarks;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The figures of one scenario on one database, from one fork or from several.
 *
 * @param scenario the scenario
 * @param database the database name
 * @param starter the starter side
 * @param handWritten the hand-written side
 * @param ratios throughput ratio starter / hand-written of each pair of rounds, of every fork
 * @param forkRatios the ratio of each fork: the median of its pairs of rounds
 * @param starterAcquired connections the starter's application asked its pools for, from
 * its start to the end of the scenario
 * @param starterRequests requests sent to the starter's application in that time
 * @param failures failed requests of both sides, warm-up included
 * @param firstFailure description of the first failure, if any
 */
public record ScenarioResult(Scenario scenario, String database, SideSummary starter, SideSummary handWritten,
		List<Double> ratios, List<Double> forkRatios, long starterAcquired, long starterRequests, long failures,
		@Nullable String firstFailure) implements Serializable {

	/**
	 * Copy the lists, so that a result can be sent from a fork as it is.
	 */
	public ScenarioResult {
		ratios = List.copyOf(ratios);
		forkRatios = List.copyOf(forkRatios);
	}

	/**
	 * The result of one fork, whose ratio is the median of its pairs of rounds.
	 */
	static ScenarioResult ofFork(Scenario scenario, String database, SideSummary starter, SideSummary handWritten,
			List<Double> ratios, long starterAcquired, long starterRequests, long failures,
			@Nullable String firstFailure) {
		return new ScenarioResult(scenario, database, starter, handWritten, ratios,
				List.of(SideSummary.median(ratios, Double::doubleValue)), starterAcquired, starterRequests, failures,
				firstFailure);
	}

	/**
	 * Combine the results of the same scenario and database from several forks: each
	 * figure is the median of the forks', counts are summed.
	 */
	static ScenarioResult ofForks(List<ScenarioResult> forks) {
		ScenarioResult first = forks.get(0);
		List<Double> ratios = new ArrayList<>();
		List<Double> forkRatios = new ArrayList<>();
		for (ScenarioResult fork : forks) {
			ratios.addAll(fork.ratios);
			forkRatios.addAll(fork.forkRatios);
		}
		String firstFailure = forks.stream()
			.map(ScenarioResult::firstFailure)
			.filter(Objects::nonNull)
			.findFirst()
			.orElse(null);
		return new ScenarioResult(first.scenario, first.database,
				SideSummary.median(forks.stream().map(ScenarioResult::starter).toList()),
				SideSummary.median(forks.stream().map(ScenarioResult::handWritten).toList()), ratios, forkRatios,
				forks.stream().mapToLong(ScenarioResult::starterAcquired).sum(),
				forks.stream().mapToLong(ScenarioResult::starterRequests).sum(),
				forks.stream().mapToLong(ScenarioResult::failures).sum(), firstFailure);
	}

	/**
	 * Return the throughput ratio starter / hand-written: in one fork, the median of the
	 * ratios of rounds run one after the other, which share the machine's load at that
	 * moment; over several forks, the median of the forks' ratios, since each JVM compiles
	 * the two sides' code in its own way (see benchmarks/README.md).
	 * @return the median ratio
	 */
	public double ratio() {
		return SideSummary.median(this.forkRatios, Double::doubleValue);
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
