package io.github.reactivesessions.web;

import io.github.reactivesessions.bind.Binds;
import io.github.reactivesessions.session.ReactiveSession;
import io.github.reactivesessions.session.RoutedSession;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.server.ServerWebExchange;

/**
 * Access to the sessions of the current request or {@code @UseSession} method: aiohttp-sqlalchemy's
 * {@code get_session(request, key)}.
 *
 * <pre class="code">
 * Mono&lt;Order&gt; order = ReactiveSessions.current().flatMap((session) -&gt; session.get(Order.class, id));
 * </pre>
 *
 * @since 0.1.0
 */
public final class ReactiveSessions {

	private ReactiveSessions() {
	}

	/**
	 * Return the session of the default key for a request.
	 * @param exchange the exchange
	 * @return the session
	 * @throws SessionNotFoundException when it is not open
	 */
	public static ReactiveSession get(ServerWebExchange exchange) {
		SessionScope scope = scope(exchange, null);
		return scope.get(scope.binds().defaultKey());
	}

	/**
	 * Return the session of a key for a request.
	 * @param exchange the exchange
	 * @param key the bind key
	 * @return the session
	 * @throws SessionNotFoundException when it is not open, saying why
	 */
	public static ReactiveSession get(ServerWebExchange exchange, String key) {
		return scope(exchange, key).get(key);
	}

	/**
	 * Return the session of the default key for a functional-endpoint request.
	 * @param request the request
	 * @return the session
	 * @throws SessionNotFoundException when it is not open
	 */
	public static ReactiveSession get(ServerRequest request) {
		return get(request.exchange());
	}

	/**
	 * Return the session of a key for a functional-endpoint request.
	 * @param request the request
	 * @param key the bind key
	 * @return the session
	 * @throws SessionNotFoundException when it is not open, saying why
	 */
	public static ReactiveSession get(ServerRequest request, String key) {
		return get(request.exchange(), key);
	}

	/**
	 * Return the routed session of a request: a session over the request's sessions that
	 * takes each entity to its bind (see {@link RoutedSession}). One per request.
	 * @param exchange the exchange
	 * @return the routed session
	 * @throws SessionNotFoundException when the request did not go through the
	 * {@link SessionWebFilter}
	 */
	public static RoutedSession routed(ServerWebExchange exchange) {
		SessionScope scope = exchange.getAttribute(SessionScope.ATTRIBUTE);
		if (scope == null) {
			throw SessionNotFoundException.noRoutedScope();
		}
		return scope.routed();
	}

	/**
	 * Return the routed session of a functional-endpoint request.
	 * @param request the request
	 * @return the routed session
	 * @throws SessionNotFoundException when the request did not go through the
	 * {@link SessionWebFilter}
	 */
	public static RoutedSession routed(ServerRequest request) {
		return routed(request.exchange());
	}

	/**
	 * Return the routed session of the current request or {@code @UseSession} method, from
	 * the Reactor Context.
	 * @return the routed session, or a {@link SessionNotFoundException} error
	 */
	public static Mono<RoutedSession> currentRouted() {
		return Mono.deferContextual((context) -> {
			SessionScope scope = context.getOrDefault(SessionScope.class, null);
			if (scope == null) {
				return Mono.error(SessionNotFoundException.noRoutedScope());
			}
			return Mono.fromCallable(scope::routed);
		});
	}

	/**
	 * Return the binds whose sessions a request can open, for code that needs a bind's
	 * settings or entity mapping alongside its session (the class-based views do).
	 * @param exchange the exchange
	 * @return the binds registry
	 * @throws SessionNotFoundException when the request did not go through the
	 * {@link SessionWebFilter}
	 */
	public static Binds binds(ServerWebExchange exchange) {
		return scope(exchange, null).binds();
	}

	/**
	 * Return the session of the default key from the Reactor Context, for service code
	 * running inside a request or a {@code @UseSession} method.
	 * @return the session, or a {@link SessionNotFoundException} error
	 */
	public static Mono<ReactiveSession> current() {
		return Mono.deferContextual((context) -> {
			SessionScope scope = context.getOrDefault(SessionScope.class, null);
			if (scope == null) {
				return Mono.error(SessionNotFoundException.noScope("(default)"));
			}
			return Mono.fromCallable(() -> scope.get(scope.binds().defaultKey()));
		});
	}

	/**
	 * Return the session of a key from the Reactor Context.
	 * @param key the bind key
	 * @return the session, or a {@link SessionNotFoundException} error saying why it is not
	 * open
	 */
	public static Mono<ReactiveSession> current(String key) {
		return Mono.deferContextual((context) -> {
			SessionScope scope = context.getOrDefault(SessionScope.class, null);
			if (scope == null) {
				return Mono.error(SessionNotFoundException.noScope(key));
			}
			return Mono.fromCallable(() -> scope.get(key));
		});
	}

	private static SessionScope scope(ServerWebExchange exchange, @Nullable String key) {
		SessionScope scope = exchange.getAttribute(SessionScope.ATTRIBUTE);
		if (scope == null) {
			throw SessionNotFoundException.noScope((key != null) ? key : "(default)");
		}
		return scope;
	}

}
