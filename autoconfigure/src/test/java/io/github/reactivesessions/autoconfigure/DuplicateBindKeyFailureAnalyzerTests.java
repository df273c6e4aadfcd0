package io.github.reactivesessions.autoconfigure;

import io.github.reactivesessions.bind.DuplicateBindKeyException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DuplicateBindKeyFailureAnalyzer}.
 */
class DuplicateBindKeyFailureAnalyzerTests {

	@Test
	void sameKeyTwiceAsksForAKeyOfItsOwn() {
		FailureAnalysis analysis = new DuplicateBindKeyFailureAnalyzer()
			.analyze(new DuplicateBindKeyException("sa_main"));
		assertThat(analysis.getDescription()).isEqualTo("Two binds have the key 'sa_main'.");
		assertThat(analysis.getAction()).startsWith("Give every bind a key of its own: the key 'sa_main' is used");
	}

	@Test
	void keysDifferingOnlyInCaseAskToSpellItOneWay() {
		FailureAnalysis analysis = new DuplicateBindKeyFailureAnalyzer()
			.analyze(new DuplicateBindKeyException("sa_main", "SA_MAIN"));
		assertThat(analysis.getDescription()).contains("'sa_main'").contains("'SA_MAIN'").endsWith(".");
		assertThat(analysis.getAction()).isEqualTo("Spell the key one way: rename sa.binds.SA_MAIN to sa.binds.sa_main "
				+ "(or the other way round), or give one of them a key that differs in more than case.");
	}

}
