package io.github.reactivesessions.benchmarks;

import java.util.List;
import java.util.Locale;

/**
 * Renders scenario results as a Markdown table.
 */
final class MarkdownTable {

	static final String HEADER = "| scenario | database | req/s starter | req/s hand-written | ratio "
			+ "| ratio of each fork | ratio range of rounds | p50 ms starter / hand-written | p99 ms starter / hand-written | CPU µs/request starter / hand-written "
			+ "| KB allocated/request starter / hand-written "
			+ "| connections acquired by starter | failed requests | target |";

	// An A/A run compares the hand-written application with itself: no target applies.
	static final String CALIBRATION = "none: A/A run";

	private MarkdownTable() {
	}

	/**
	 * Render the results of a run.
	 * @param results the results
	 * @param calibrate whether the run was an A/A run, whose figures have no target
	 */
	static String render(List<ScenarioResult> results, boolean calibrate) {
		StringBuilder table = new StringBuilder(HEADER).append('\n');
		table.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
		for (ScenarioResult result : results) {
			table.append(row(result, calibrate)).append('\n');
		}
		return table.toString();
	}

	private static String row(ScenarioResult result, boolean calibrate) {
		SideSummary starter = result.starter();
		SideSummary handWritten = result.handWritten();
		return String.format(Locale.ROOT,
				"| %s %s | %s | %s | %s | %.3f | %s | %.3f–%.3f | %.2f / %.2f | %.2f / %.2f | %.0f / %.0f "
						+ "| %.1f / %.1f | %s | %d | %s |",
				result.scenario(), result.scenario().title(), result.database(), count(starter.throughput()),
				count(handWritten.throughput()), result.ratio(), forkRatios(result), result.minRatio(),
				result.maxRatio(), starter.p50Millis(), handWritten.p50Millis(), starter.p99Millis(),
				handWritten.p99Millis(), starter.cpuMicrosPerRequest(), handWritten.cpuMicrosPerRequest(),
				starter.kilobytesPerRequest(), handWritten.kilobytesPerRequest(), acquired(result), result.failures(),
				calibrate ? CALIBRATION : target(result));
	}

	private static String forkRatios(ScenarioResult result) {
		return String.join(", ",
				result.forkRatios().stream().map((ratio) -> String.format(Locale.ROOT, "%.3f", ratio)).toList());
	}

	private static String count(double value) {
		return String.format(Locale.ROOT, "%,.0f", value);
	}

	private static String acquired(ScenarioResult result) {
		if (result.starterAcquired() == 0) {
			return "0";
		}
		return String.format(Locale.ROOT, "%s (%.2f per request)", count(result.starterAcquired()),
				(double) result.starterAcquired() / result.starterRequests());
	}

	private static String target(ScenarioResult result) {
		String target = "≥ %.2f".formatted(result.targetRatio())
				+ ((result.scenario() == Scenario.S1) ? ", 0 connections" : "");
		return target + (result.targetMet() ? ": met" : ": **missed**");
	}

}
