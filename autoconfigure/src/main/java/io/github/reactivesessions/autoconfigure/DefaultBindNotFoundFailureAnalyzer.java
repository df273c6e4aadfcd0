package io.github.reactivesessions.autoconfigure;

import io.github.reactivesessions.bind.DefaultBindNotFoundException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link DefaultBindNotFoundException}.
 */
class DefaultBindNotFoundFailureAnalyzer extends AbstractFailureAnalyzer<DefaultBindNotFoundException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, DefaultBindNotFoundException cause) {
		String key = cause.getKey();
		if (cause.getKnownKeys().isEmpty()) {
			return new FailureAnalysis(cause.getMessage() + ".",
					("Configure a database: set sa.binds.%s.url (or spring.r2dbc.url), or add io.r2dbc:r2dbc-h2 to "
							+ "your build for an embedded database.").formatted(key),
					cause);
		}
		String keys = String.join(", ", cause.getKnownKeys());
		return new FailureAnalysis(cause.getMessage() + ".",
				"Set sa.default-key to one of %s, or configure a bind with the key '%s'.".formatted(keys, key), cause);
	}

}
