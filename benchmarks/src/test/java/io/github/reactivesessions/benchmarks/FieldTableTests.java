package io.github.reactivesessions.benchmarks;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FieldTableTests {

	@Test
	void ratiosAreMediansOfTheRoundsRatios() {
		FieldRouteResult findById = result(FieldRoute.READ_REPOSITORY, 100, 100, 100);
		FieldRouteResult get = result(FieldRoute.READ_SESSION, 90, 130, 120);
		// Round ratios 0.9, 1.3, 1.2: the median is 1.2, not the ratio of the medians.
		assertThat(get.ratioTo(findById)).isEqualTo(1.2);
	}

	@Test
	void everyRouteHasARowAndOnlyTheReadHasRatiosToBegin() {
		List<FieldRouteResult> results = new ArrayList<>();
		for (FieldRoute route : FieldRoute.values()) {
			results.add(result(route, 100, 100, 100));
		}
		String table = FieldTable.render(results);
		assertThat(table).startsWith(FieldTable.HEADER);
		assertThat(table.lines()).hasSize(2 + FieldRoute.values().length);
		assertThat(table).contains("| read by id | starter, `begin` | `session.begin((s) -> s.get(Item.class, id))` "
				+ "| 100 | 1.000 | 1.000 | 10.00 | 10.00 | 100 | – | 0 |");
		assertThat(table).contains("| insert and commit | starter | `session.add(item)` then `session.commit()` "
				+ "| 100 | 1.000 | – |");
	}

	@Test
	void readTargetNeedsBothReferences() {
		FieldRouteResult findById = result(FieldRoute.READ_REPOSITORY, 100, 100, 100);
		FieldRouteResult get = result(FieldRoute.READ_SESSION, 110, 105, 100);
		FieldRouteResult begin = result(FieldRoute.READ_SESSION_BEGIN, 60, 70, 70);
		assertThat(FieldTable.readTarget(List.of(findById, get))).isEmpty();
		assertThat(FieldTable.readTarget(List.of(findById, get, begin))).hasValueSatisfying(
				(target) -> assertThat(target).endsWith(": 1.050 and 1.500, met"));
	}

	/**
	 * A result whose rounds had the given throughputs in requests per second over one
	 * second, latencies of 10 ms, 100 µs of the application's CPU per request and no
	 * database CPU reading.
	 */
	private static FieldRouteResult result(FieldRoute route, int... throughputs) {
		List<FieldRound> rounds = new ArrayList<>();
		for (int throughput : throughputs) {
			LatencyLog log = new LatencyLog();
			for (int i = 0; i < throughput; i++) {
				log.success(10_000_000L);
			}
			RoundResult load = RoundResult.of(List.of(log), 1_000_000_000L, 0, 0);
			rounds.add(new FieldRound(load, throughput * 100_000L, -1));
		}
		return new FieldRouteResult(route, rounds, 0, null);
	}

}
