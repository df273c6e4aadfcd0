package io.github.reactivesessions.autoconfigure;

import io.github.reactivesessions.bind.UnknownDriverException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an {@link UnknownDriverException}.
 */
class UnknownDriverFailureAnalyzer extends AbstractFailureAnalyzer<UnknownDriverException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, UnknownDriverException cause) {
		return new FailureAnalysis(cause.getMessage() + ".",
				("Update your application's build to depend on the R2DBC driver for '%s' (for example "
						+ "org.postgresql:r2dbc-postgresql, io.asyncer:r2dbc-mysql or io.r2dbc:r2dbc-h2), or correct "
						+ "the driver in the url of bind '%s' (sa.binds.%s.url).")
					.formatted(cause.getDriver(), cause.getKey(), cause.getKey()),
				cause);
	}

}
