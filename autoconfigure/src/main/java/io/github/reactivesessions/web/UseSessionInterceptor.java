package io.github.reactivesessions.web;

import java.lang.reflect.Method;
import java.util.Set;
import java.util.function.Supplier;

import io.github.reactivesessions.bind.Binds;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.aop.support.AopUtils;
import org.springframework.core.ReactiveAdapter;

/**
 * Applies {@link UseSession @UseSession} to bean methods returning a publisher, to Kotlin
 * suspend functions and to methods returning another deferred type that Spring's
 * {@link org.springframework.core.ReactiveAdapterRegistry} adapts (a Kotlin {@code Flow}).
 *
 * <p>Inside a request, the keys join the request's session scope (so the sessions live until
 * the exchange ends); the handler method of the request fails with
 * {@link DuplicateSessionKeyException} for a key the filter already opened. Inside another
 * {@code @UseSession} method, the caller's scope is shared. Elsewhere, a scope is opened for
 * the call and closed when its publisher completes, fails or is cancelled.
 */
final class UseSessionInterceptor implements MethodInterceptor {

	private final Supplier<Binds> binds;

	/**
	 * Create an interceptor; the binds are looked up when first needed, since advisors are
	 * created before ordinary beans.
	 * @param binds supplies the binds registry
	 */
	UseSessionInterceptor(Supplier<Binds> binds) {
		this.binds = binds;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		// A Kotlin suspend function reaches here as the Mono or Flux that Spring AOP made of
		// it, and its proxy awaits the publisher returned here (CoroutinesUtils).
		Object result = invocation.proceed();
		Method method = invocation.getMethod();
		Class<?> targetClass = (invocation.getThis() != null) ? AopUtils.getTargetClass(invocation.getThis()) : null;
		if (result instanceof Mono<?> mono) {
			return aroundMono(mono, method, targetClass);
		}
		if (result instanceof Publisher<?> publisher) {
			return aroundFlux(publisher, method, targetClass);
		}
		ReactiveAdapter adapter = UseSessionMethods.deferredAdapter(result);
		if (adapter != null) {
			Publisher<?> publisher = adapter.toPublisher(result);
			return adapter.fromPublisher(adapter.isMultiValue() ? aroundFlux(publisher, method, targetClass)
					: aroundMono(Mono.from(publisher), method, targetClass));
		}
		return result;
	}

	private <T> Mono<T> aroundMono(Mono<T> mono, Method method, @Nullable Class<?> targetClass) {
		return Mono.deferContextual((context) -> {
			Binds binds = this.binds.get();
			Set<String> keys = UseSessionKeys.resolved(method, targetClass, binds);
			SessionScope scope = context.getOrDefault(SessionScope.class, null);
			if (scope != null) {
				return joinScope(scope, method, keys).then(mono);
			}
			return Mono.usingWhen(Mono.fromSupplier(() -> SessionScope.forCall(binds, keys)),
					(call) -> mono.contextWrite((ctx) -> ctx.put(SessionScope.class, call)), SessionScope::close,
					(call, error) -> call.close(), SessionScope::close);
		});
	}

	private <T> Flux<T> aroundFlux(Publisher<T> publisher, Method method, @Nullable Class<?> targetClass) {
		return Flux.deferContextual((context) -> {
			Binds binds = this.binds.get();
			Set<String> keys = UseSessionKeys.resolved(method, targetClass, binds);
			SessionScope scope = context.getOrDefault(SessionScope.class, null);
			if (scope != null) {
				return joinScope(scope, method, keys).thenMany(publisher);
			}
			return Flux.usingWhen(Mono.fromSupplier(() -> SessionScope.forCall(binds, keys)),
					(call) -> Flux.from(publisher).contextWrite((ctx) -> ctx.put(SessionScope.class, call)),
					SessionScope::close, (call, error) -> call.close(), SessionScope::close);
		});
	}

	/**
	 * Open the keys in the caller's scope; the request's handler method may not open a key
	 * the filter opened.
	 */
	private Mono<Void> joinScope(SessionScope scope, Method method, Set<String> keys) {
		return Mono.fromRunnable(() -> {
			if (scope.isRequest() && scope.isHandler(method)) {
				for (String key : keys) {
					if (scope.isOpenedByFilter(key)) {
						throw new DuplicateSessionKeyException(key, describe(method));
					}
				}
			}
			scope.allow(keys);
		});
	}

	static String describe(Method method) {
		return method.getDeclaringClass().getSimpleName() + "." + method.getName() + "(..)";
	}

}
