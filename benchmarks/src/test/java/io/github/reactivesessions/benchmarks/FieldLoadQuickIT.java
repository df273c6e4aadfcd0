package io.github.reactivesessions.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the field load command once in quick mode on PostgreSQL, so that it cannot rot:
 * every route answered its first request (or the run would have thrown) and the table is
 * printed with a row per route. Never the figures: this machine is shared.
 */
class FieldLoadQuickIT {

	@Test
	void quickModeRunsEveryRouteAndPrintsATable() {
		ByteArrayOutputStream output = new ByteArrayOutputStream();
		List<FieldRouteResult> results = new FieldLoad(FieldOptions.quick(),
				new PrintStream(output, true, StandardCharsets.UTF_8))
			.run();
		String printed = output.toString(StandardCharsets.UTF_8);
		System.out.print(printed);
		assertThat(results).extracting(FieldRouteResult::route).containsExactly(FieldRoute.READ_REPOSITORY,
				FieldRoute.READ_OPERATOR, FieldRoute.READ_SESSION, FieldRoute.READ_SESSION_BEGIN,
				FieldRoute.PAGE_REPOSITORY, FieldRoute.PAGE_OPERATOR, FieldRoute.PAGE_SESSION,
				FieldRoute.INSERT_REPOSITORY, FieldRoute.INSERT_OPERATOR, FieldRoute.INSERT_SESSION);
		assertThat(printed).contains(FieldTable.HEADER, "JVM CPU: the application's JVM (pid ",
				"Target of issue 34 for the read by id");
		for (FieldRoute route : FieldRoute.values()) {
			assertThat(printed).contains("| " + route.scenario().title() + " | " + route.side() + " | " + route.code()
					+ " |");
		}
	}

}
