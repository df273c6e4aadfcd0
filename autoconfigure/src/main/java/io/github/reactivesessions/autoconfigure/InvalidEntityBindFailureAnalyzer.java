package io.github.reactivesessions.autoconfigure;

import io.github.reactivesessions.session.InvalidEntityBindException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an {@link InvalidEntityBindException}.
 */
class InvalidEntityBindFailureAnalyzer extends AbstractFailureAnalyzer<InvalidEntityBindException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidEntityBindException cause) {
		return new FailureAnalysis(cause.getMessage() + ".",
				("Give %s one bind: correct its @BindKey to the key of a bind under sa.binds, or remove it, or remove "
						+ "its package from the entity-packages of all binds but one (the longest package a bind "
						+ "claims wins, an annotation must agree with it).").formatted(cause.getSubject()),
				cause);
	}

}
