package io.github.reactivesessions.benchmarks;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Renders the field load command's results as a Markdown table, a row per route, with the
 * targets of issue 34 for the read by id.
 */
final class FieldTable {

	static final String HEADER = "| workload | side | code | req/s | ratio to idiomatic | ratio to `begin` "
			+ "| p50 ms | p99 ms | JVM CPU µs/request | database CPU µs/request | failed requests |";

	private FieldTable() {
	}

	static String render(List<FieldRouteResult> results) {
		StringBuilder table = new StringBuilder(HEADER).append('\n');
		table.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
		for (FieldRouteResult result : results) {
			Scenario scenario = result.route().scenario();
			Optional<FieldRouteResult> idiomatic = find(results,
					(route) -> route.idiomatic() && route.scenario() == scenario);
			Optional<FieldRouteResult> begin = (scenario == Scenario.S2)
					? find(results, (route) -> route == FieldRoute.READ_SESSION_BEGIN) : Optional.empty();
			table.append(String.format(Locale.ROOT, "| %s | %s | %s | %,.0f | %s | %s | %.2f | %.2f | %s | %s | %d |%n",
					scenario.title(), result.route().side(), result.route().code(), result.throughput(),
					ratio(result, idiomatic), ratio(result, begin), result.p50Millis(), result.p99Millis(),
					micros(result.applicationMicrosPerRequest()), micros(result.databaseMicrosPerRequest()),
					result.failures()));
		}
		return table.toString();
	}

	/**
	 * Return issue 34's target for the read by id, when both routes it names ran: the
	 * starter's plain {@code get} at least as fast as {@code findById}, and 1.5 times as
	 * fast as the starter's {@code begin}.
	 */
	static Optional<String> readTarget(List<FieldRouteResult> results) {
		Optional<FieldRouteResult> get = find(results, (route) -> route == FieldRoute.READ_SESSION);
		Optional<FieldRouteResult> findById = find(results, (route) -> route == FieldRoute.READ_REPOSITORY);
		Optional<FieldRouteResult> begin = find(results, (route) -> route == FieldRoute.READ_SESSION_BEGIN);
		if (get.isEmpty() || findById.isEmpty() || begin.isEmpty()) {
			return Optional.empty();
		}
		double toFindById = get.get().ratioTo(findById.get());
		double toBegin = get.get().ratioTo(begin.get());
		boolean met = toFindById >= 1.0 && toBegin >= 1.5;
		return Optional.of(String.format(Locale.ROOT,
				"Target of issue 34 for the read by id, session.get at least 1.00 times findById and 1.50 times "
						+ "begin: %.3f and %.3f, %s",
				toFindById, toBegin, met ? "met" : "missed"));
	}

	private static Optional<FieldRouteResult> find(List<FieldRouteResult> results, Predicate<FieldRoute> route) {
		return results.stream().filter((result) -> route.test(result.route())).findFirst();
	}

	private static String ratio(FieldRouteResult result, Optional<FieldRouteResult> reference) {
		return reference.map((other) -> String.format(Locale.ROOT, "%.3f", result.ratioTo(other))).orElse("–");
	}

	private static String micros(double value) {
		return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.0f", value);
	}

}
