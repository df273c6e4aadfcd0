package io.github.reactivesessions.benchmarks;

import java.util.List;

/**
 * What a benchmark run produced: a result per scenario and database that ran, and a note
 * for each database that was skipped.
 *
 * @param options the settings of the run
 * @param results the results
 * @param skipped why databases were skipped
 */
public record BenchmarkReport(BenchmarkOptions options, List<ScenarioResult> results, List<String> skipped) {

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
