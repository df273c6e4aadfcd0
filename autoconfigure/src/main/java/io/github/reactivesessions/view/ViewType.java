package io.github.reactivesessions.view;

import java.lang.reflect.Method;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.github.reactivesessions.web.UseSession;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpMethod;
import org.springframework.util.ReflectionUtils;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * What the router needs to know of a view class, found once per class: the HTTP methods it
 * answers (those whose handler method it overrides) and the keys each of them opens with
 * {@link UseSession @UseSession} on the method or the class.
 */
final class ViewType {

	private static final ClassValue<ViewType> types = new ClassValue<>() {

		@Override
		protected ViewType computeValue(Class<?> type) {
			return new ViewType(type);
		}

	};

	private final Map<Handled, Handler> handlers = new EnumMap<>(Handled.class);

	private final Set<HttpMethod> allowed;

	private final @Nullable String sessionKey;

	private ViewType(Class<?> type) {
		UseSession onClass = AnnotatedElementUtils.findMergedAnnotation(type, UseSession.class);
		Set<HttpMethod> allowed = new LinkedHashSet<>();
		for (Handled handled : Handled.values()) {
			Method method = ReflectionUtils.findMethod(type, handled.methodName);
			if (method == null || method.getDeclaringClass() == SaView.class) {
				continue;
			}
			Set<String> keys = new LinkedHashSet<>();
			addKeys(keys, onClass);
			addKeys(keys, AnnotatedElementUtils.findMergedAnnotation(method, UseSession.class));
			this.handlers.put(handled, new Handler(handled.call, Collections.unmodifiableSet(keys)));
			allowed.add(handled.httpMethod);
			if (handled == Handled.GET) {
				allowed.add(HttpMethod.HEAD);
			}
		}
		allowed.add(HttpMethod.OPTIONS);
		this.allowed = Collections.unmodifiableSet(allowed);
		this.sessionKey = (onClass != null && onClass.value().length == 1 && !onClass.value()[0].isEmpty())
				? onClass.value()[0] : null;
	}

	private static void addKeys(Set<String> keys, @Nullable UseSession annotation) {
		if (annotation == null) {
			return;
		}
		if (annotation.value().length == 0) {
			keys.add("");
		}
		Collections.addAll(keys, annotation.value());
	}

	static ViewType of(Class<?> type) {
		return types.get(type);
	}

	/**
	 * Return the handler of a method; HEAD is answered by {@code get()}, whose body the
	 * server drops.
	 */
	@Nullable Handler handler(HttpMethod method) {
		Handled handled = Handled.of(HttpMethod.HEAD.equals(method) ? HttpMethod.GET : method);
		return (handled != null) ? this.handlers.get(handled) : null;
	}

	/**
	 * Return the methods for the {@code Allow} header, in a stable order.
	 */
	Set<HttpMethod> allowed() {
		return this.allowed;
	}

	/**
	 * Return the key of the class's {@code @UseSession} when it names exactly one.
	 */
	@Nullable String sessionKey() {
		return this.sessionKey;
	}

	/**
	 * A handler method of the view and the keys it opens ("" for the default key).
	 */
	record Handler(Function<SaView, Mono<ServerResponse>> call, Set<String> keys) {

	}

	private enum Handled {

		GET(HttpMethod.GET, "get", SaView::get),

		POST(HttpMethod.POST, "post", SaView::post),

		PUT(HttpMethod.PUT, "put", SaView::put),

		PATCH(HttpMethod.PATCH, "patch", SaView::patch),

		DELETE(HttpMethod.DELETE, "delete", SaView::delete);

		private final HttpMethod httpMethod;

		private final String methodName;

		private final Function<SaView, Mono<ServerResponse>> call;

		Handled(HttpMethod httpMethod, String methodName, Function<SaView, Mono<ServerResponse>> call) {
			this.httpMethod = httpMethod;
			this.methodName = methodName;
			this.call = call;
		}

		static @Nullable Handled of(HttpMethod method) {
			for (Handled handled : values()) {
				if (handled.httpMethod.equals(method)) {
					return handled;
				}
			}
			return null;
		}

	}

}
