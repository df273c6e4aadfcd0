package io.github.reactivesessions.web;

import java.lang.reflect.Method;

import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link InvalidUseSessionFailureAnalyzer}; {@link UseSessionValidatorTests}
 * shows the same analyses of the failures a real startup meets.
 */
class InvalidUseSessionFailureAnalyzerTests {

	private static final Method HANDLER = ReflectionUtils.findMethod(Handlers.class, "list");

	@Test
	void unknownKeyAsksToNameAConfiguredBind() {
		FailureAnalysis analysis = analyze("sa_nope", InvalidUseSessionException.Problem.UNKNOWN_KEY,
				"@UseSession(\"sa_nope\") on Handlers.list(..) names no bind");
		assertThat(analysis.getDescription()).isEqualTo("@UseSession(\"sa_nope\") on Handlers.list(..) names no bind.");
		assertThat(analysis.getAction()).isEqualTo("Name a configured bind in @UseSession or @SessionKey on "
				+ "Handlers.list(..), or configure a bind with the key 'sa_nope' (sa.binds.sa_nope.url).");
	}

	@Test
	void nonReactiveMethodAsksForAPublisherOrASessionOpenedInside() {
		FailureAnalysis analysis = analyze("", InvalidUseSessionException.Problem.NOT_REACTIVE,
				"@UseSession on Handlers.list(..), which returns long");
		assertThat(analysis.getAction()).isEqualTo("Return a Mono or Flux from Handlers.list(..) (in Kotlin: make it "
				+ "a suspend fun, or return a Flow), or open a session in the method with "
				+ "Binds.sessionFactory(key).withSession(...).");
	}

	@Test
	void keyTheFilterOpensAsksToRemoveTheAnnotationOrNarrowTheFilter() {
		FailureAnalysis analysis = analyze("sa_main", InvalidUseSessionException.Problem.OPENED_BY_FILTER,
				"@UseSession(\"sa_main\") on the handler Handlers.list(..) opens a session the web filter already opens");
		assertThat(analysis.getAction()).isEqualTo("Remove @UseSession(\"sa_main\") from Handlers.list(..), since its "
				+ "requests already have that session; or set sa.binds.sa_main.middleware=false (or "
				+ "sa.binds.sa_main.paths) so that only annotated handlers open it.");
	}

	@Test
	void sessionNobodyOpensAsksToAnnotateTheHandlerOrLetTheFilterOpenIt() {
		FailureAnalysis analysis = analyze("sa_second", InvalidUseSessionException.Problem.NOT_OPENED,
				"The ReactiveSession parameter of Handlers.list(..) asks for a session nobody opens");
		assertThat(analysis.getAction()).isEqualTo("Annotate Handlers.list(..) with @UseSession(\"sa_second\") so "
				+ "that it opens the session, or let the web filter open it for the handler "
				+ "(sa.binds.sa_second.middleware=true, with paths that include the handler's).");
	}

	private static FailureAnalysis analyze(String key, InvalidUseSessionException.Problem problem, String message) {
		return new InvalidUseSessionFailureAnalyzer()
			.analyze(new IllegalStateException("Startup failed", new InvalidUseSessionException(HANDLER, key, problem,
					message)));
	}

	static class Handlers {

		long list() {
			return 0;
		}

	}

}
