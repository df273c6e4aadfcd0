package io.github.reactivesessions.autoconfigure;

import java.util.List;

import io.github.reactivesessions.bind.DefaultBindNotFoundException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DefaultBindNotFoundFailureAnalyzer}.
 */
class DefaultBindNotFoundFailureAnalyzerTests {

	@Test
	void withOtherBindsListsThem() {
		FailureAnalysis analysis = new DefaultBindNotFoundFailureAnalyzer()
			.analyze(new DefaultBindNotFoundException("sa_mian", List.of("sa_main", "sa_second")));
		assertThat(analysis.getDescription()).contains("'sa_mian'").endsWith(".");
		assertThat(analysis.getAction())
			.isEqualTo("Set sa.default-key to one of sa_main, sa_second, or configure a bind with the key 'sa_mian'.");
	}

	@Test
	void withoutAnyBindSaysHowToConfigureADatabase() {
		FailureAnalysis analysis = new DefaultBindNotFoundFailureAnalyzer()
			.analyze(new DefaultBindNotFoundException("sa_main", List.of()));
		assertThat(analysis.getAction()).isEqualTo("Configure a database: set sa.binds.sa_main.url (or "
				+ "spring.r2dbc.url), or add io.r2dbc:r2dbc-h2 to your build for an embedded database.");
	}

}
