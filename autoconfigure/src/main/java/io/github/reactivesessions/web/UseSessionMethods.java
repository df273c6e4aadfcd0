package io.github.reactivesessions.web;

import java.lang.reflect.Method;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;

import org.springframework.core.KotlinDetector;
import org.springframework.core.ReactiveAdapter;
import org.springframework.core.ReactiveAdapterRegistry;

/**
 * Which methods {@link UseSession @UseSession} can wrap: those whose result runs when it is
 * subscribed to, so that a session can be opened before it and closed after it.
 *
 * <p>They are the methods returning a {@link Publisher}, Kotlin suspend functions (which
 * Spring AOP turns into a {@code Mono} or {@code Flux} for the interceptors, and back), and
 * methods returning another deferred type of Spring's {@link ReactiveAdapterRegistry}, such
 * as Kotlin's {@code Flow}. An eager type ({@code CompletableFuture}) has started before the
 * session could open, and is refused.
 */
final class UseSessionMethods {

	private UseSessionMethods() {
	}

	/**
	 * Whether {@code @UseSession} can wrap the method.
	 * @param method the method
	 * @return whether its result is deferred
	 */
	static boolean isReactive(Method method) {
		Class<?> returnType = method.getReturnType();
		if (Publisher.class.isAssignableFrom(returnType) || KotlinDetector.isSuspendingFunction(method)) {
			return true;
		}
		return deferredAdapter(returnType) != null;
	}

	/**
	 * The adapter of a deferred result that is not a publisher, such as a Kotlin
	 * {@code Flow}.
	 * @param result a method's result
	 * @return its adapter, or {@code null} when it has none or is not deferred
	 */
	static @Nullable ReactiveAdapter deferredAdapter(@Nullable Object result) {
		return (result != null) ? deferredAdapter(result.getClass()) : null;
	}

	private static @Nullable ReactiveAdapter deferredAdapter(Class<?> type) {
		ReactiveAdapter adapter = ReactiveAdapterRegistry.getSharedInstance().getAdapter(type);
		return (adapter != null && adapter.getDescriptor().isDeferred()) ? adapter : null;
	}

}
