package io.github.reactivesessions.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Evaluates {@link RequiresDatabase}: enabled when the server answers, disabled with the
 * reason when it does not, and failed instead of disabled under {@code CI=true}.
 *
 * <p>JUnit reports an exception thrown by a condition as a failure of the test class, which
 * is the only way a condition can fail rather than skip.
 */
public final class RequiresDatabaseCondition implements ExecutionCondition {

	private final UnaryOperator<@Nullable String> environment;

	private final BiFunction<DatabaseServer, String, Optional<String>> reachability;

	/**
	 * Create a condition that reads the process environment and probes real servers.
	 */
	public RequiresDatabaseCondition() {
		this(System::getenv, ServerReachability::problem);
	}

	RequiresDatabaseCondition(UnaryOperator<@Nullable String> environment,
			BiFunction<DatabaseServer, String, Optional<String>> reachability) {
		this.environment = environment;
		this.reachability = reachability;
	}

	@Override
	public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
		if (context.getTestMethod().isPresent()) {
			// Decided once for the class; its methods inherit the outcome.
			return ConditionEvaluationResult.enabled("Database checked for the test class");
		}
		Optional<RequiresDatabase> requirement = AnnotationSupport.findAnnotation(context.getElement(),
				RequiresDatabase.class);
		if (requirement.isEmpty()) {
			return ConditionEvaluationResult.enabled("No @RequiresDatabase");
		}
		List<String> reachable = new ArrayList<>();
		for (DatabaseServer server : requirement.get().value()) {
			String url = server.url(this.environment);
			Optional<String> problem = this.reachability.apply(server, url);
			if (problem.isPresent()) {
				if ("true".equalsIgnoreCase(this.environment.apply("CI"))) {
					throw new IllegalStateException(problem.get() + " [failing instead of skipping because CI=true]");
				}
				return ConditionEvaluationResult.disabled(problem.get());
			}
			reachable.add("%s is reachable at %s".formatted(server.displayName(), R2dbcUrls.masked(url)));
		}
		return ConditionEvaluationResult.enabled(String.join("; ", reachable));
	}

}
