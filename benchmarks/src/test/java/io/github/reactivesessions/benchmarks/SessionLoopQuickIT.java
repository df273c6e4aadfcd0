package io.github.reactivesessions.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Runs the session loop once with a few operations so that it cannot rot. Asserts that every
 * scenario ran and the table is printed, never the figures.
 */
class SessionLoopQuickIT {

	@Test
	void fewOperationsRunEveryScenarioAndPrintTheTable() {
		ByteArrayOutputStream output = new ByteArrayOutputStream();
		List<String> rows = new SessionLoop(200, 3, 4, List.of(Scenario.values()), Isolation.CLASSLOADER, false,
				new PrintStream(output, true, StandardCharsets.UTF_8))
			.run();
		String printed = output.toString(StandardCharsets.UTF_8);
		System.out.print(printed);
		assertThat(printed).contains(SessionLoop.HEADER);
		assertThat(rows).hasSize(4);
		assertThat(rows.get(0)).startsWith("| S1 no database |");
		assertThat(rows.get(1)).startsWith("| S2 read by id |");
		assertThat(rows.get(2)).startsWith("| S3 insert and commit |");
		assertThat(rows.get(3)).startsWith("| S4 page of 20 with total |");
		for (String row : rows) {
			assertThat(printed).contains(row);
			assertThat(row).doesNotContain("NaN", "Infinity");
			// Work was done on the starter's side of every scenario, and on both sides of
			// those with a database: each allocated something per operation.
			String[] kilobytes = row.split("\\|")[4].trim().split(" / ");
			assertThat(Double.parseDouble(kilobytes[0])).isPositive();
			if (!row.startsWith("| S1")) {
				assertThat(Double.parseDouble(kilobytes[1])).isPositive();
			}
		}
	}

	@Test
	void sharedClassesRunTheSameWork() {
		ByteArrayOutputStream output = new ByteArrayOutputStream();
		List<String> rows = new SessionLoop(200, 3, 1, List.of(Scenario.S3), Isolation.NONE, false,
				new PrintStream(output, true, StandardCharsets.UTF_8))
			.run();
		assertThat(output.toString(StandardCharsets.UTF_8)).contains("classes shared by both sides");
		assertThat(rows).singleElement().asString().startsWith("| S3 insert and commit |");
	}

	@Test
	void webModeSendsTheRequestsThroughBothApplications() {
		ByteArrayOutputStream output = new ByteArrayOutputStream();
		List<String> rows = new SessionLoop(50, 3, 2, List.of(Scenario.S1, Scenario.S3), Isolation.CLASSLOADER, true,
				new PrintStream(output, true, StandardCharsets.UTF_8))
			.run();
		assertThat(output.toString(StandardCharsets.UTF_8)).contains("(S1: 50)",
				"requests through each application's WebFlux handler");
		assertThat(rows).hasSize(2);
		for (String row : rows) {
			// Both sides handled whole requests (JSON, routing), S1 included: each side
			// allocated more than the filter alone does, and S1's row has a ratio.
			String[] columns = row.split("\\|");
			assertThat(columns[3].trim()).matches("\\d+\\.\\d{3}");
			for (String kilobytes : columns[4].trim().split(" / ")) {
				assertThat(Double.parseDouble(kilobytes)).isGreaterThan(5.0);
			}
		}
	}

	@Test
	void unknownOptionIsRejectedNamingIt() {
		assertThatIllegalArgumentException().isThrownBy(() -> SessionLoop.main(new String[] { "--in-flite=2" }))
			.withMessageContaining("--in-flite=2");
		assertThatIllegalArgumentException().isThrownBy(() -> SessionLoop.main(new String[] { "--rounds=x" }))
			.withMessage("rounds must be a whole number, not 'x'");
		assertThatIllegalArgumentException().isThrownBy(() -> SessionLoop.main(new String[] { "--isolation=jvm" }))
			.withMessageContaining("'jvm'");
		assertThatIllegalArgumentException().isThrownBy(() -> SessionLoop.main(new String[] { "--web=yes" }))
			.withMessage("web must be true or false, not 'yes'");
	}

	@Test
	void noScenarioIsRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new SessionLoop(10, 1, 1, List.of(), Isolation.CLASSLOADER, false, System.out))
			.withMessageContaining("one or more of S1, S2, S3, S4");
	}

}
