package io.github.reactivesessions.autoconfigure;

import java.util.List;
import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link UnknownBindPropertyFailureAnalyzer}.
 */
class UnknownBindPropertyFailureAnalyzerTests {

	@Test
	void nearPropertyIsNamed() {
		FailureAnalysis analysis = new UnknownBindPropertyFailureAnalyzer().analyze(new UnknownBindPropertyException(
				"sa.binds.sa_main.midleware", "sa_main", "middleware", List.of("middleware", "url")));
		assertThat(analysis.getDescription()).endsWith("did you mean 'sa.binds.sa_main.middleware'?");
		assertThat(analysis.getAction()).isEqualTo("Rename 'sa.binds.sa_main.midleware' to 'sa.binds.sa_main.middleware'.");
	}

	@Test
	void farPropertyGetsTheKnownOnes() {
		FailureAnalysis analysis = new UnknownBindPropertyFailureAnalyzer().analyze(new UnknownBindPropertyException(
				"sa.binds.sa_main.replicas", "sa_main", null, List.of("middleware", "url")));
		assertThat(analysis.getDescription()).isEqualTo("Property 'sa.binds.sa_main.replicas' is not a property of a bind.");
		assertThat(analysis.getAction()).isEqualTo("Remove 'sa.binds.sa_main.replicas', or use one of the properties of "
				+ "a bind: middleware, url (and options.* for the driver).");
	}

}
