package io.github.reactivesessions.autoconfigure;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link BindInitializationFailureAnalyzer}.
 */
class BindInitializationFailureAnalyzerTests {

	@Test
	void namesTheStepTheBindAndItsInitProperties() {
		FailureAnalysis analysis = new BindInitializationFailureAnalyzer()
			.analyze(new BindInitializationException("sa_main", "schema.sql", new SQLException("syntax error")));
		assertThat(analysis.getDescription())
			.isEqualTo("Initialization of bind 'sa_main' failed in schema.sql: syntax error.");
		assertThat(analysis.getAction()).isEqualTo("Fix schema.sql against the database of bind 'sa_main', or change "
				+ "sa.binds.sa_main.init (schema-locations, data-locations, create-all, entity-packages).");
	}

}
