package io.github.reactivesessions.autoconfigure;

import java.util.List;
import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MissingConnectionFactoryBeanFailureAnalyzer}.
 */
class MissingConnectionFactoryBeanFailureAnalyzerTests {

	@Test
	void listsTheConnectionFactoryBeansThereAre() {
		FailureAnalysis analysis = new MissingConnectionFactoryBeanFailureAnalyzer()
			.analyze(new MissingConnectionFactoryBeanException("sa_main", "nowhere", List.of("existing")));
		assertThat(analysis.getDescription()).isEqualTo("Bind 'sa_main' binds the ConnectionFactory bean 'nowhere', "
				+ "which does not exist. The ConnectionFactory beans are: existing.");
		assertThat(analysis.getAction())
			.isEqualTo("Define a ConnectionFactory bean named 'nowhere', or correct sa.binds.sa_main.connection-factory.");
	}

	@Test
	void saysWhenThereIsNoConnectionFactoryBean() {
		FailureAnalysis analysis = new MissingConnectionFactoryBeanFailureAnalyzer()
			.analyze(new MissingConnectionFactoryBeanException("sa_main", "nowhere", List.of()));
		assertThat(analysis.getDescription()).endsWith("There is no ConnectionFactory bean.");
	}

}
