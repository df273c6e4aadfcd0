package io.github.reactivesessions.view;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Function;

import io.github.reactivesessions.bind.Binds;
import io.github.reactivesessions.web.ReactiveSessions;
import io.github.reactivesessions.web.SessionHandlerFilters;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Serves one route with a view created per request: answers OPTIONS, refuses the methods
 * the view does not handle with a 405 and its {@code Allow} header, opens the sessions the
 * handler asks for with {@code @UseSession} (as {@link SessionHandlerFilters#useSession}
 * does), and writes {@link ViewException ViewExceptions} as problem details.
 */
final class ViewHandler implements HandlerFunction<ServerResponse> {

	private final Function<ServerRequest, ? extends SaView> factory;

	ViewHandler(Function<ServerRequest, ? extends SaView> factory) {
		this.factory = factory;
	}

	@Override
	public Mono<ServerResponse> handle(ServerRequest request) {
		return Mono.defer(() -> dispatch(request, this.factory.apply(request)))
			.onErrorResume(ViewException.class, (ex) -> ViewErrors.render(ex, request.uri()));
	}

	private Mono<ServerResponse> dispatch(ServerRequest request, SaView view) {
		ViewType type = ViewType.of(view.getClass());
		HttpMethod method = request.method();
		if (HttpMethod.OPTIONS.equals(method)) {
			return ServerResponse.ok().headers((headers) -> headers.setAllow(type.allowed())).build();
		}
		ViewType.Handler handler = type.handler(method);
		if (handler == null) {
			return Mono.error(ViewException.methodNotAllowed(method, type.allowed()));
		}
		Mono<ServerResponse> response = Mono.defer(() -> handler.call().apply(view));
		if (handler.keys().isEmpty()) {
			return response;
		}
		String[] keys = resolve(handler.keys(), ReactiveSessions.binds(request.exchange()));
		return SessionHandlerFilters.useSession(keys).filter(request, (filtered) -> response);
	}

	private static String[] resolve(Set<String> declared, Binds binds) {
		Set<String> keys = new LinkedHashSet<>();
		for (String key : declared) {
			keys.add(key.isEmpty() ? binds.defaultKey() : key);
		}
		return keys.toArray(new String[0]);
	}

}
