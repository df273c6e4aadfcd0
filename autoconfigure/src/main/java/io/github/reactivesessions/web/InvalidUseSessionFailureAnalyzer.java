package io.github.reactivesessions.web;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an {@link InvalidUseSessionException}.
 */
class InvalidUseSessionFailureAnalyzer extends AbstractFailureAnalyzer<InvalidUseSessionException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidUseSessionException cause) {
		String key = cause.getKey();
		String action = switch (cause.getProblem()) {
			case UNKNOWN_KEY -> ("Name a configured bind in @UseSession or @SessionKey on %s, or configure a bind "
					+ "with the key '%s' (sa.binds.%s.url).").formatted(cause.getMethod(), key, key);
			case NOT_REACTIVE -> ("Return a Mono or Flux from %s (in Kotlin: make it a suspend fun, or return a "
					+ "Flow), or open a session in the method with "
					+ "Binds.sessionFactory(key).withSession(...).").formatted(cause.getMethod());
			case OPENED_BY_FILTER -> ("Remove @UseSession(\"%s\") from %s, since its requests already have that "
					+ "session; or set sa.binds.%s.middleware=false (or sa.binds.%s.paths) so that only annotated "
					+ "handlers open it.").formatted(key, cause.getMethod(), key, key);
			case NOT_OPENED -> ("Annotate %s with @UseSession(\"%s\") so that it opens the session, or let the web "
					+ "filter open it for the handler (sa.binds.%s.middleware=true, with paths that include the "
					+ "handler's).").formatted(cause.getMethod(), key, key);
		};
		return new FailureAnalysis(cause.getMessage() + ".", action, cause);
	}

}
