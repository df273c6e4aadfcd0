package io.github.reactivesessions.autoconfigure;

import io.github.reactivesessions.bind.InvalidBindTargetException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link InvalidBindTargetFailureAnalyzer}.
 */
class InvalidBindTargetFailureAnalyzerTests {

	@Test
	void asksForExactlyOneDatabaseNamingTheBindsProperties() {
		FailureAnalysis analysis = new InvalidBindTargetFailureAnalyzer()
			.analyze(new InvalidBindTargetException("sa_main", "Bind 'sa_main' has neither a url nor a connection-factory"));
		assertThat(analysis.getDescription()).isEqualTo("Bind 'sa_main' has neither a url nor a connection-factory.");
		assertThat(analysis.getAction()).contains("sa.binds.sa_main.url").contains("sa.binds.sa_main.connection-factory");
	}

}
