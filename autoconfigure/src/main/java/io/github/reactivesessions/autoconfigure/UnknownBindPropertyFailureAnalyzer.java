package io.github.reactivesessions.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an {@link UnknownBindPropertyException}.
 */
class UnknownBindPropertyFailureAnalyzer extends AbstractFailureAnalyzer<UnknownBindPropertyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, UnknownBindPropertyException cause) {
		String action = (cause.getNearest() != null)
				? "Rename '%s' to 'sa.binds.%s.%s'.".formatted(cause.getProperty(), cause.getKey(), cause.getNearest())
				: "Remove '%s', or use one of the properties of a bind: %s (and options.* for the driver)."
					.formatted(cause.getProperty(), String.join(", ", cause.getKnown()));
		String description = cause.getMessage();
		return new FailureAnalysis(description.endsWith("?") ? description : description + ".", action, cause);
	}

}
