package io.github.reactivesessions.autoconfigure;

import io.github.reactivesessions.bind.DuplicateBindKeyException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link DuplicateBindKeyException}.
 */
class DuplicateBindKeyFailureAnalyzer extends AbstractFailureAnalyzer<DuplicateBindKeyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, DuplicateBindKeyException cause) {
		if (cause.getOtherKey() != null) {
			return new FailureAnalysis(cause.getMessage() + ".", ("Spell the key one way: rename sa.binds.%s to "
					+ "sa.binds.%s (or the other way round), or give one of them a key that differs in more than case.")
				.formatted(cause.getOtherKey(), cause.getKey()), cause);
		}
		return new FailureAnalysis("Two binds have the key '%s'.".formatted(cause.getKey()),
				("Give every bind a key of its own: the key '%s' is used by an entry under sa.binds and by a Bind "
						+ "bean, or by two Bind beans. Rename one of them.").formatted(cause.getKey()),
				cause);
	}

}
