package io.github.reactivesessions.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link MissingConnectionFactoryBeanException}.
 */
class MissingConnectionFactoryBeanFailureAnalyzer
		extends AbstractFailureAnalyzer<MissingConnectionFactoryBeanException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, MissingConnectionFactoryBeanException cause) {
		String available = cause.getConnectionFactoryBeans().isEmpty() ? "There is no ConnectionFactory bean."
				: "The ConnectionFactory beans are: " + String.join(", ", cause.getConnectionFactoryBeans()) + ".";
		return new FailureAnalysis(
				"Bind '%s' binds the ConnectionFactory bean '%s', which does not exist. %s".formatted(cause.getKey(),
						cause.getBeanName(), available),
				"Define a ConnectionFactory bean named '%s', or correct sa.binds.%s.connection-factory."
					.formatted(cause.getBeanName(), cause.getKey()),
				cause);
	}

}
