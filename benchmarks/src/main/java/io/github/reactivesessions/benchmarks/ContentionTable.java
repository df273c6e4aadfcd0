package io.github.reactivesessions.benchmarks;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders the contention benchmark's results as a Markdown table, a row per database and
 * route.
 */
final class ContentionTable {

	static final String HEADER = "| database | route | requests | failed requests (by status) | failure rate "
			+ "| transfers/s | p50 ms | p99 ms | begin attempts per request | retries by cause | gave up "
			+ "| exceptions of failed requests |";

	private ContentionTable() {
	}

	static String render(List<ContentionResult> results) {
		StringBuilder table = new StringBuilder(HEADER).append('\n');
		table.append("|---|---|---:|---|---:|---:|---:|---:|---:|---|---:|---|\n");
		for (ContentionResult result : results) {
			BeginCounts counts = result.counts();
			// Blocks of TransactionRetry.none() count no attempt: nothing to divide.
			String attempts = (counts.attempts() > 0)
					? String.format(Locale.ROOT, "%.2f", (double) counts.attempts() / result.requests()) : "–";
			table.append(String.format(Locale.ROOT, "| %s | %s | %,d | %s | %.1f %% | %,.0f | %.1f | %.1f | %s | %s | %,d | %s |%n",
					result.server().label(), result.route().code(), result.requests(), failures(result),
					100 * result.failureRate(), result.throughput(), result.p50Millis(), result.p99Millis(), attempts,
					counts(counts.retries()), counts.totalExhausted(), counts(counts.failures())));
		}
		return table.toString();
	}

	private static String failures(ContentionResult result) {
		if (result.failures() == 0) {
			return "0";
		}
		return String.format(Locale.ROOT, "%,d (%s)", result.failures(), counts(result.failureKinds()));
	}

	/**
	 * Counts by kind, the largest first: {@code deadlock 1,234, lock-timeout 2}.
	 */
	static String counts(Map<String, Long> counts) {
		if (counts.isEmpty()) {
			return "–";
		}
		return counts.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
			.map((entry) -> String.format(Locale.ROOT, "%s %,d", entry.getKey(), entry.getValue()))
			.collect(Collectors.joining(", "));
	}

}
