package io.github.reactivesessions.benchmarks;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a benchmark run produced: a result per scenario and database that ran, and a note
 * for each database that was skipped.
 *
 * @param options the settings of the run
 * @param results the results
 * @param skipped why databases were skipped
 */
public record BenchmarkReport(BenchmarkOptions options, List<ScenarioResult> results,
		List<String> skipped) implements Serializable {

	/**
	 * Copy the lists, so that a fork's report can be sent as it is.
	 */
	public BenchmarkReport {
		results = List.copyOf(results);
		skipped = List.copyOf(skipped);
	}

	/**
	 * Combine the reports of a run's forks: one result per scenario and database, in the
	 * order they ran, with the figures of every fork that ran it.
	 */
	static BenchmarkReport ofForks(BenchmarkOptions options, List<BenchmarkReport> forks) {
		Map<String, List<ScenarioResult>> byScenario = new LinkedHashMap<>();
		Set<String> skipped = new LinkedHashSet<>();
		for (BenchmarkReport fork : forks) {
			for (ScenarioResult result : fork.results) {
				byScenario.computeIfAbsent(result.scenario() + " " + result.database(), (key) -> new ArrayList<>())
					.add(result);
			}
			skipped.addAll(fork.skipped);
		}
		List<ScenarioResult> results = byScenario.values().stream().map(ScenarioResult::ofForks).toList();
		return new BenchmarkReport(options, results, new ArrayList<>(skipped));
	}

	/**
	 * Return the failed requests of the whole run.
	 * @return the number of failed requests
	 */
	public long failures() {
		return this.results.stream().mapToLong(ScenarioResult::failures).sum();
	}

	/**
	 * Return the results as a Markdown table.
	 * @return the table
	 */
	public String table() {
		return MarkdownTable.render(this.results, this.options.calibrate());
	}

}
