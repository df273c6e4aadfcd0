package io.github.reactivesessions.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the benchmark once in quick mode so that the harness cannot rot. Asserts that it
 * ran and printed its table without a failed request, never on the figures: this machine
 * is shared, and a timing assertion would only be noise.
 */
class BenchmarkQuickIT {

	@Test
	void quickModeRunsEveryScenarioAndPrintsATable() {
		ByteArrayOutputStream output = new ByteArrayOutputStream();
		BenchmarkReport report = new Benchmark(BenchmarkOptions.quick(),
				new PrintStream(output, true, StandardCharsets.UTF_8))
			.run();
		String printed = output.toString(StandardCharsets.UTF_8);
		System.out.print(printed);
		assertThat(printed).contains(MarkdownTable.HEADER);
		for (Scenario scenario : Scenario.values()) {
			assertThat(printed).contains("| " + scenario + " " + scenario.title() + " | h2 |");
		}
		// The figures, failed requests included, are reported, never asserted: a shared
		// machine's load moves them, and this run only keeps the harness from rotting.
		assertThat(report.results()).hasSizeGreaterThanOrEqualTo(Scenario.values().length);
	}

	@Test
	void calibrationComparesTheHandWrittenApplicationWithItselfWithoutATarget() {
		ByteArrayOutputStream output = new ByteArrayOutputStream();
		BenchmarkOptions options = BenchmarkOptions
			.parse(new String[] { "--quick", "--calibrate", "--scenarios=S1", "--databases=h2" }, new Properties());
		BenchmarkReport report = new Benchmark(options, new PrintStream(output, true, StandardCharsets.UTF_8)).run();
		String printed = output.toString(StandardCharsets.UTF_8);
		System.out.print(printed);
		assertThat(printed).contains("A/A run: the starter's columns are a second hand-written application");
		assertThat(report.results()).singleElement()
			.satisfies((result) -> assertThat(result.starterAcquired()).isZero());
		assertThat(report.table()).contains("| " + MarkdownTable.CALIBRATION + " |").doesNotContain("met");
	}

	@Test
	void forksRunInJvmsOfTheirOwnWithTheFirstSideAlternating() {
		ByteArrayOutputStream output = new ByteArrayOutputStream();
		BenchmarkOptions options = BenchmarkOptions.parse(
				new String[] { "--quick", "--forks=2", "--scenarios=S1", "--databases=h2" }, new Properties());
		BenchmarkReport report = new Benchmark(options, new PrintStream(output, true, StandardCharsets.UTF_8)).run();
		String printed = output.toString(StandardCharsets.UTF_8);
		System.out.print(printed);
		assertThat(printed).contains("Fork 1 of 2, starter side first, pid ", "Fork 2 of 2, hand-written side first, pid ",
				"after a warm-up of at least 500 ms, hand-written first,");
		Matcher pids = Pattern.compile("side first, pid (\\d+)").matcher(printed);
		assertThat(pids.results().map((pid) -> Long.parseLong(pid.group(1))))
			.hasSize(2)
			.doesNotHaveDuplicates()
			.doesNotContain(ProcessHandle.current().pid());
		assertThat(report.results()).singleElement().satisfies((result) -> {
			assertThat(result.forkRatios()).hasSize(2);
			assertThat(result.ratios()).hasSize(2 * options.rounds());
			assertThat(result.starterAcquired()).isZero();
		});
	}

}
