package io.github.reactivesessions.web;

import java.lang.reflect.Method;
import java.time.Clock;

import io.github.reactivesessions.bind.Bind;
import io.github.reactivesessions.session.Replica;
import io.github.reactivesessions.session.ReplicaReads;
import org.jspecify.annotations.Nullable;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.server.ServerWebExchange;

/**
 * Where a session of a request reads, on a bind with replicas, by these rules in order:
 * the handler's {@link ReadsOn} (or the attribute {@link SessionHandlerFilters#readsOn}
 * sets); the primary while the client's read-your-writes window is open; a replica for
 * GET, HEAD and OPTIONS; the primary for every other method. Asked when the session opens
 * its first transaction, once the handler is known.
 */
final class RequestReplicaReads implements ReplicaReads {

	private final ServerWebExchange exchange;

	private final Bind bind;

	private final SessionScope scope;

	private final Clock clock;

	RequestReplicaReads(ServerWebExchange exchange, Bind bind, SessionScope scope, Clock clock) {
		this.exchange = exchange;
		this.bind = bind;
		this.scope = scope;
		this.clock = clock;
	}

	@Override
	public @Nullable Replica replica() {
		Role role = declaredRole();
		if (role == null) {
			role = (isSafe(this.exchange.getRequest().getMethod())
					&& !ReadYourWrites.isWithin(this.exchange.getRequest(), this.bind, this.clock)) ? Role.REPLICA
							: Role.PRIMARY;
		}
		return (role == Role.REPLICA) ? this.bind.replicas().replica() : null;
	}

	@Override
	public void unavailable(Replica replica, Throwable failure) {
		this.bind.replicas().unavailable(replica, failure);
	}

	@Override
	public void committedOnPrimary() {
		this.scope.committedOnPrimary(this.bind);
	}

	private @Nullable Role declaredRole() {
		Role attribute = this.exchange.getAttribute(ReadsOn.ATTRIBUTE);
		if (attribute != null) {
			return attribute;
		}
		Object handler = this.exchange.getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE);
		if (!(handler instanceof HandlerMethod handlerMethod)) {
			return null;
		}
		Method method = handlerMethod.getMethod();
		ReadsOn readsOn = AnnotatedElementUtils.findMergedAnnotation(method, ReadsOn.class);
		if (readsOn == null) {
			readsOn = AnnotatedElementUtils.findMergedAnnotation(handlerMethod.getBeanType(), ReadsOn.class);
		}
		return (readsOn != null) ? readsOn.value() : null;
	}

	private static boolean isSafe(HttpMethod method) {
		return method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS;
	}

}
