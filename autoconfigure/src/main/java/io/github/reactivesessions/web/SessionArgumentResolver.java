package io.github.reactivesessions.web;

import io.github.reactivesessions.session.ReactiveSession;
import io.github.reactivesessions.session.RoutedSession;
import reactor.core.publisher.Mono;

import org.springframework.core.MethodParameter;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.server.ServerWebExchange;

/**
 * Resolves {@link ReactiveSession} parameters of annotated handler methods (the session of
 * the default key, or of the key given by {@link SessionKey @SessionKey}) and
 * {@link RoutedSession} parameters (the request's routed session).
 */
final class SessionArgumentResolver implements HandlerMethodArgumentResolver {

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return ReactiveSession.class.equals(parameter.getParameterType())
				|| RoutedSession.class.equals(parameter.getParameterType());
	}

	@Override
	public Mono<Object> resolveArgument(MethodParameter parameter, BindingContext bindingContext,
			ServerWebExchange exchange) {
		if (RoutedSession.class.equals(parameter.getParameterType())) {
			return Mono.fromCallable(() -> ReactiveSessions.routed(exchange));
		}
		SessionKey sessionKey = parameter.getParameterAnnotation(SessionKey.class);
		return Mono.fromCallable(() -> (sessionKey != null) ? ReactiveSessions.get(exchange, sessionKey.value())
				: ReactiveSessions.get(exchange));
	}

}
