package io.github.reactivesessions.autoconfigure;

import io.github.reactivesessions.bind.InvalidBindKeyException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an {@link InvalidBindKeyException}.
 */
class InvalidBindKeyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidBindKeyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidBindKeyException cause) {
		return new FailureAnalysis(
				"The bind key '%s' is invalid: keys name Spring beans and configuration entries.".formatted(cause.getKey()),
				("Rename the bind '%s' (under sa.binds, or in Bind.key(...)) to a letter followed by letters, digits "
						+ "and underscores, such as 'sa_reports'. In YAML or properties, a key in brackets keeps "
						+ "characters Spring Boot would otherwise drop.").formatted(cause.getKey()),
				cause);
	}

}
