package io.github.reactivesessions.autoconfigure;

import io.github.reactivesessions.bind.InvalidBindTargetException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an {@link InvalidBindTargetException}.
 */
class InvalidBindTargetFailureAnalyzer extends AbstractFailureAnalyzer<InvalidBindTargetException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidBindTargetException cause) {
		String key = cause.getKey();
		return new FailureAnalysis(cause.getMessage() + ".",
				("Give bind '%s' exactly one database: set sa.binds.%s.url to an R2DBC url such as "
						+ "r2dbc:postgresql://localhost:5432/app, or sa.binds.%s.connection-factory to the name of a "
						+ "ConnectionFactory bean (for a Bind bean: Bind.of(url) or Bind.of(connectionFactory)).")
					.formatted(key, key, key),
				cause);
	}

}
