package io.github.reactivesessions.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link BindInitializationException}.
 */
class BindInitializationFailureAnalyzer extends AbstractFailureAnalyzer<BindInitializationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, BindInitializationException cause) {
		String key = cause.getKey();
		return new FailureAnalysis(cause.getMessage() + ".",
				"Fix %s against the database of bind '%s', or change sa.binds.%s.%s.".formatted(cause.getStep(), key,
						key, cause.getSettings()),
				cause);
	}

}
