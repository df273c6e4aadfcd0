package io.github.reactivesessions.web;

import java.util.LinkedHashSet;
import java.util.Set;

import reactor.core.publisher.Mono;

import org.springframework.util.Assert;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@link HandlerFilterFunction HandlerFilterFunctions} for functional endpoints: aiohttp-sqlalchemy's
 * {@code sa_decorator(key)} for {@code RouterFunction} handlers.
 *
 * <pre class="code">
 * route(GET("/specific"), handler::specific).filter(SessionHandlerFilters.useSession("sa_second"));
 * </pre>
 *
 * @since 0.1.0
 */
public final class SessionHandlerFilters {

	private SessionHandlerFilters() {
	}

	/**
	 * Open the session of the default key for the filtered handlers.
	 * @return the filter
	 */
	public static HandlerFilterFunction<ServerResponse, ServerResponse> useSession() {
		return useSession(new String[0]);
	}

	/**
	 * Open the sessions of the given keys for the filtered handlers; they are closed when the
	 * exchange ends. A key that the web filter already opened for the request fails with
	 * {@link DuplicateSessionKeyException}.
	 * @param keys the bind keys
	 * @return the filter
	 */
	public static HandlerFilterFunction<ServerResponse, ServerResponse> useSession(String... keys) {
		return (request, next) -> {
			SessionScope scope = request.exchange().getAttribute(SessionScope.ATTRIBUTE);
			if (scope == null) {
				return Mono.error(new IllegalStateException("SessionHandlerFilters.useSession needs the "
						+ "SessionWebFilter: check that sa.web.enabled is not false"));
			}
			Set<String> resolved = resolve(scope, keys);
			for (String key : resolved) {
				if (scope.isOpenedByFilter(key)) {
					return Mono.error(new DuplicateSessionKeyException(key, "the handler of " + request.path()));
				}
			}
			scope.allow(resolved);
			return next.handle(request);
		};
	}

	/**
	 * Make the sessions of the filtered handlers' requests read on the given role, on binds
	 * with read replicas: {@link ReadsOn} for functional routes.
	 * @param role where the sessions read
	 * @return the filter
	 * @since 0.4.0
	 */
	public static HandlerFilterFunction<ServerResponse, ServerResponse> readsOn(Role role) {
		Assert.notNull(role, "Role must not be null");
		return (request, next) -> {
			request.exchange().getAttributes().put(ReadsOn.ATTRIBUTE, role);
			return next.handle(request);
		};
	}

	private static Set<String> resolve(SessionScope scope, String[] keys) {
		Set<String> resolved = new LinkedHashSet<>();
		if (keys.length == 0) {
			resolved.add(scope.binds().defaultKey());
		}
		for (String key : keys) {
			resolved.add(key);
		}
		return resolved;
	}

}
