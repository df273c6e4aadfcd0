package io.github.reactivesessions.autoconfigure;

import java.util.List;

import io.github.reactivesessions.bind.UnknownDriverException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link UnknownDriverFailureAnalyzer}.
 */
class UnknownDriverFailureAnalyzerTests {

	@Test
	void namesTheDriverAndTheBindsUrl() {
		FailureAnalysis analysis = new UnknownDriverFailureAnalyzer()
			.analyze(new UnknownDriverException("legacy", "oracle", List.of("h2", "postgresql")));
		assertThat(analysis.getDescription()).contains("'oracle'").endsWith(".");
		assertThat(analysis.getAction()).startsWith("Update your application's build to depend on the R2DBC driver for "
				+ "'oracle'").endsWith("correct the driver in the url of bind 'legacy' (sa.binds.legacy.url).");
	}

}
