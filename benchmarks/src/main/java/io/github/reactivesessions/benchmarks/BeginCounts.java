package io.github.reactivesessions.benchmarks;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongBinaryOperator;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the contention application counted (its {@code GET /meters}): the starter's
 * {@code sa.sessions.begin.*} meters of its bind and its failed requests by exception. The
 * counts grow for the application's whole life; the difference of two readings is what
 * happened between them.
 *
 * @param attempts attempts of begin blocks that retry, the first of each included
 * ({@code sa.sessions.begin.attempts}); a block of {@code TransactionRetry.none()} is not
 * counted
 * @param retries attempts run again, by cause ({@code sa.sessions.begin.retries})
 * @param exhausted blocks that gave up, by the cause of their last failure
 * ({@code sa.sessions.begin.retries.exhausted})
 * @param failures failed requests, by the exception the web layer saw and its transient
 * cause
 */
record BeginCounts(long attempts, Map<String, Long> retries, Map<String, Long> exhausted,
		Map<String, Long> failures) {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	static final BeginCounts NONE = new BeginCounts(0, Map.of(), Map.of(), Map.of());

	BeginCounts {
		retries = nonZero(retries);
		exhausted = nonZero(exhausted);
		failures = nonZero(failures);
	}

	/**
	 * Read the application's answer.
	 */
	static BeginCounts parse(String json) {
		JsonNode meters = JSON.readTree(json);
		return new BeginCounts(meters.path("attempts").asLong(), counts(meters.path("retries")),
				counts(meters.path("exhausted")), counts(meters.path("failures")));
	}

	private static Map<String, Long> counts(JsonNode object) {
		Map<String, Long> counts = new TreeMap<>();
		object.properties().forEach((entry) -> counts.put(entry.getKey(), entry.getValue().asLong()));
		return counts;
	}

	/**
	 * Return what was counted since an earlier reading.
	 */
	BeginCounts minus(BeginCounts earlier) {
		return combine(earlier, (a, b) -> a - b);
	}

	/**
	 * Return the counts of two periods together.
	 */
	BeginCounts plus(BeginCounts other) {
		return combine(other, Long::sum);
	}

	/**
	 * Return the retries of every cause.
	 */
	long totalRetries() {
		return this.retries.values().stream().mapToLong(Long::longValue).sum();
	}

	/**
	 * Return the blocks that gave up, whatever their cause.
	 */
	long totalExhausted() {
		return this.exhausted.values().stream().mapToLong(Long::longValue).sum();
	}

	private BeginCounts combine(BeginCounts other, LongBinaryOperator operator) {
		return new BeginCounts(operator.applyAsLong(this.attempts, other.attempts),
				combine(this.retries, other.retries, operator), combine(this.exhausted, other.exhausted, operator),
				combine(this.failures, other.failures, operator));
	}

	private static Map<String, Long> combine(Map<String, Long> first, Map<String, Long> second,
			LongBinaryOperator operator) {
		Map<String, Long> combined = new TreeMap<>(first);
		second.forEach((key, value) -> combined.put(key, operator.applyAsLong(combined.getOrDefault(key, 0L), value)));
		return combined;
	}

	/**
	 * The counts without the zeros: the meters of every cause exist from the start.
	 */
	private static Map<String, Long> nonZero(Map<String, Long> counts) {
		Map<String, Long> nonZero = new TreeMap<>();
		counts.forEach((key, value) -> {
			if (value != 0) {
				nonZero.put(key, value);
			}
		});
		return nonZero;
	}

}
