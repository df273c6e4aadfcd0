package io.github.reactivesessions.testsupport;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExtensionContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link RequiresDatabaseCondition}.
 */
class RequiresDatabaseConditionTests {

	private static final String URL = "r2dbc:postgresql://app:s3cret@db:5999/test";

	private static final String PROBLEM = "PostgreSQL is not reachable at r2dbc:postgresql://app:****@db:5999/test";

	@Test
	void unreachableServerDisablesTheClassWithTheReason() {
		RequiresDatabaseCondition condition = condition(Map.of("SA_TEST_POSTGRES_URL", URL), false);
		ConditionEvaluationResult result = condition.evaluateExecutionCondition(classContext(NeedsPostgres.class));
		assertThat(result.isDisabled()).isTrue();
		assertThat(result.getReason()).contains(PROBLEM);
	}

	@Test
	void unreachableServerFailsTheClassUnderCi() {
		RequiresDatabaseCondition condition = condition(Map.of("SA_TEST_POSTGRES_URL", URL, "CI", "true"), false);
		assertThatIllegalStateException()
			.isThrownBy(() -> condition.evaluateExecutionCondition(classContext(NeedsPostgres.class)))
			.withMessageContaining(PROBLEM)
			.withMessageContaining("CI=true")
			.withMessageNotContaining("s3cret");
	}

	@Test
	void reachableServerEnablesTheClassEvenUnderCi() {
		RequiresDatabaseCondition condition = condition(Map.of("CI", "true"), true);
		assertThat(condition.evaluateExecutionCondition(classContext(NeedsPostgres.class)).isDisabled()).isFalse();
	}

	@Test
	void classWithoutTheAnnotationIsEnabledWithoutAProbe() {
		RequiresDatabaseCondition condition = new RequiresDatabaseCondition((name) -> null, (server, url) -> {
			throw new AssertionError("probed " + server);
		});
		assertThat(condition.evaluateExecutionCondition(classContext(Object.class)).isDisabled()).isFalse();
	}

	@Test
	void probeUsesTheUrlFromTheEnvironment() {
		RequiresDatabaseCondition condition = new RequiresDatabaseCondition(Map.of("SA_TEST_POSTGRES_URL", URL)::get,
				(server, url) -> Optional.of(server + " " + url));
		assertThat(condition.evaluateExecutionCondition(classContext(NeedsPostgres.class)).getReason())
			.contains("POSTGRES " + URL);
	}

	private RequiresDatabaseCondition condition(Map<String, String> environment, boolean reachable) {
		return new RequiresDatabaseCondition(environment::get, (server, url) -> reachable ? Optional.empty()
				: Optional.of("%s is not reachable at %s".formatted(server.displayName(), R2dbcUrls.masked(url))));
	}

	private ExtensionContext classContext(Class<?> testClass) {
		ExtensionContext context = mock(ExtensionContext.class);
		given(context.getTestMethod()).willReturn(Optional.empty());
		given(context.getElement()).willReturn(Optional.of(testClass));
		return context;
	}

	@RequiresDatabase(DatabaseServer.POSTGRES)
	static class NeedsPostgres {

	}

}
