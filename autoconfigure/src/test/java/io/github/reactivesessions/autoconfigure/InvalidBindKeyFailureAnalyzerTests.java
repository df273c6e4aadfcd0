package io.github.reactivesessions.autoconfigure;

import io.github.reactivesessions.bind.InvalidBindKeyException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link InvalidBindKeyFailureAnalyzer}.
 */
class InvalidBindKeyFailureAnalyzerTests {

	@Test
	void namesTheKeyAndWhatAKeyMayBe() {
		FailureAnalysis analysis = new InvalidBindKeyFailureAnalyzer().analyze(new InvalidBindKeyException("sa.main"));
		assertThat(analysis.getDescription())
			.isEqualTo("The bind key 'sa.main' is invalid: keys name Spring beans and configuration entries.");
		assertThat(analysis.getAction()).startsWith("Rename the bind 'sa.main' (under sa.binds, or in Bind.key(...))");
	}

}
