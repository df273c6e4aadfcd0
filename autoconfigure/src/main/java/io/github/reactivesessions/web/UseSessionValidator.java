package io.github.reactivesessions.web;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import io.github.reactivesessions.bind.Bind;
import io.github.reactivesessions.bind.Binds;
import io.github.reactivesessions.session.ReactiveSession;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotatedMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Checks every {@link UseSession @UseSession} of the application's beans, and the
 * {@code ReactiveSession} parameters of their annotated handlers, once the context has
 * started, so that a mistake fails the startup rather than every request: a wrong key, a
 * non-reactive method, {@code @UseSession("k")} on a handler mapped to paths where the web
 * filter opens {@code k} already (which would fail with
 * {@link DuplicateSessionKeyException}), or a parameter asking for a session that neither the
 * filter nor the handler's {@code @UseSession} opens (which would fail with
 * {@link SessionNotFoundException}).
 *
 * <p>A handler's paths are its {@code @RequestMapping} paths, those of its class before
 * them, read as paths: a path prefix configured in WebFlux, and functional routes, are not
 * seen, and fail at request time as before.
 */
final class UseSessionValidator implements SmartInitializingSingleton {

	private final ListableBeanFactory beanFactory;

	private final Supplier<Binds> binds;

	// Whether WebFlux adds path prefixes to handlers, which their annotations do not show.
	private boolean pathPrefixes;

	/**
	 * Create a validator.
	 * @param beanFactory the bean factory whose beans to check
	 * @param binds supplies the binds, looked up once the context has started
	 */
	UseSessionValidator(ListableBeanFactory beanFactory, Supplier<Binds> binds) {
		this.beanFactory = beanFactory;
		this.binds = binds;
	}

	@Override
	public void afterSingletonsInstantiated() {
		Binds binds = this.binds.get();
		this.pathPrefixes = this.beanFactory.getBeansOfType(RequestMappingHandlerMapping.class, false, false)
			.values()
			.stream()
			.anyMatch((mapping) -> !mapping.getPathPrefixes().isEmpty());
		for (String name : this.beanFactory.getBeanDefinitionNames()) {
			Class<?> type = this.beanFactory.getType(name, false);
			if (type != null) {
				validate(ClassUtils.getUserClass(type), binds);
			}
		}
	}

	private void validate(Class<?> type, Binds binds) {
		boolean annotatedClass = AnnotatedElementUtils.hasAnnotation(type, UseSession.class);
		ReflectionUtils.doWithMethods(type, (method) -> validate(type, method, annotatedClass, binds),
				(method) -> !method.isBridge() && !method.isSynthetic() && method.getDeclaringClass() != Object.class);
	}

	private void validate(Class<?> type, Method method, boolean annotatedClass, Binds binds) {
		boolean handler = AnnotatedElementUtils.hasAnnotation(method, RequestMapping.class);
		if (handler) {
			validateSessionParameters(type, method, binds);
		}
		boolean annotatedMethod = AnnotatedElementUtils.hasAnnotation(method, UseSession.class);
		boolean publisher = UseSessionMethods.isReactive(method);
		if (annotatedMethod && !publisher) {
			throw new InvalidUseSessionException(method, "", InvalidUseSessionException.Problem.NOT_REACTIVE,
					("@UseSession on %s, which returns %s: the session lives as long as the method's publisher, so "
							+ "the method must return a Mono or Flux (in Kotlin: be a suspend fun or return a Flow)")
						.formatted(UseSessionInterceptor.describe(method), method.getReturnType().getSimpleName()));
		}
		if (!annotatedMethod && !(annotatedClass && publisher && Modifier.isPublic(method.getModifiers()))) {
			return;
		}
		Set<String> keys = UseSessionKeys.resolved(method, type, binds);
		for (String key : keys) {
			if (!binds.contains(key)) {
				throw new InvalidUseSessionException(method, key, InvalidUseSessionException.Problem.UNKNOWN_KEY,
						"@UseSession(\"%s\") on %s names no bind; the binds are %s".formatted(key,
								UseSessionInterceptor.describe(method), String.join(", ", binds.keys())));
			}
			Bind bind = binds.bind(key);
			if (handler && bind.isMiddleware() && bind.paths().isEmpty() && bind.excludePaths().isEmpty()) {
				throw new InvalidUseSessionException(method, key, InvalidUseSessionException.Problem.OPENED_BY_FILTER,
						("@UseSession(\"%s\") on the handler %s opens a session the web filter already opens for "
								+ "every request").formatted(key, UseSessionInterceptor.describe(method)));
			}
			if (handler && bind.isMiddleware()) {
				for (String path : handlerPaths(type, method)) {
					if (opensAt(bind, path)) {
						throw new InvalidUseSessionException(method, key, InvalidUseSessionException.Problem.OPENED_BY_FILTER,
								("@UseSession(\"%s\") on the handler %s, mapped to %s, opens a session the web filter "
										+ "already opens there (sa.binds.%s.paths %s, exclude-paths %s)")
									.formatted(key, UseSessionInterceptor.describe(method), path, key, bind.paths(),
											bind.excludePaths()));
					}
				}
			}
		}
	}

	/**
	 * A {@code ReactiveSession} parameter must name a bind that the web filter or the
	 * handler's {@code @UseSession} opens for the handler.
	 */
	private void validateSessionParameters(Class<?> type, Method method, Binds binds) {
		Parameter[] parameters = method.getParameters();
		for (int index = 0; index < parameters.length; index++) {
			if (!ReactiveSession.class.equals(parameters[index].getType())) {
				continue;
			}
			// As WebFlux finds it: on the method's parameter or on an interface's.
			SessionKey sessionKey = new AnnotatedMethod(method).getMethodParameters()[index].getParameterAnnotation(
					SessionKey.class);
			String key = (sessionKey != null) ? sessionKey.value() : binds.defaultKey();
			String described = (sessionKey != null) ? "@SessionKey(\"%s\") ReactiveSession".formatted(key)
					: "ReactiveSession (the default key '%s')".formatted(key);
			if (!binds.contains(key)) {
				throw new InvalidUseSessionException(method, key, InvalidUseSessionException.Problem.UNKNOWN_KEY,
						"The %s parameter of %s names no bind; the binds are %s".formatted(described,
								UseSessionInterceptor.describe(method), String.join(", ", binds.keys())));
			}
			if (UseSessionKeys.resolved(method, type, binds).contains(key)) {
				continue;
			}
			Bind bind = binds.bind(key);
			if (!bind.isMiddleware()) {
				throw new InvalidUseSessionException(method, key, InvalidUseSessionException.Problem.NOT_OPENED,
						("The %s parameter of %s asks for a session nobody opens: bind '%s' has middleware=false, and "
								+ "the handler has no @UseSession(\"%s\")").formatted(described,
										UseSessionInterceptor.describe(method), key, key));
			}
			List<String> paths = handlerPaths(type, method);
			if (!paths.isEmpty() && paths.stream().noneMatch((path) -> opensAt(bind, path))) {
				throw new InvalidUseSessionException(method, key, InvalidUseSessionException.Problem.NOT_OPENED,
						("The %s parameter of %s, mapped to %s, asks for a session the web filter does not open there "
								+ "(sa.binds.%s.paths %s, exclude-paths %s), and the handler has no @UseSession(\"%s\")")
							.formatted(described, UseSessionInterceptor.describe(method), String.join(", ", paths), key,
									bind.paths(), bind.excludePaths(), key));
			}
		}
	}

	/**
	 * The paths a handler is mapped to, its class's mapping before its own's, as Spring
	 * combines them; none (no path check) when one is a placeholder or a pattern (a
	 * variable, a wildcard), which a bind's paths cannot be compared with as a path, or when
	 * WebFlux adds path prefixes.
	 */
	private List<String> handlerPaths(Class<?> type, Method method) {
		if (this.pathPrefixes) {
			return List.of();
		}
		RequestMapping methodMapping = AnnotatedElementUtils.findMergedAnnotation(method, RequestMapping.class);
		RequestMapping typeMapping = AnnotatedElementUtils.findMergedAnnotation(type, RequestMapping.class);
		String[] prefixes = (typeMapping != null && typeMapping.path().length > 0) ? typeMapping.path()
				: new String[] { "" };
		String[] paths = (methodMapping != null && methodMapping.path().length > 0) ? methodMapping.path()
				: new String[] { "" };
		List<String> combined = new ArrayList<>();
		for (String prefix : prefixes) {
			for (String path : paths) {
				String joined = join(prefix, path);
				if (joined.contains("${") || joined.contains("{") || joined.contains("*") || joined.contains("?")) {
					return List.of();
				}
				combined.add(joined);
			}
		}
		return combined;
	}

	/**
	 * A class mapping and a method mapping joined as Spring maps them: an empty one adds
	 * nothing, each starts with a slash.
	 */
	private static String join(String prefix, String path) {
		String start = slashed(prefix);
		String end = slashed(path);
		if (start.isEmpty()) {
			return end.isEmpty() ? "/" : end;
		}
		return end.isEmpty() ? start : PathPatternParser.defaultInstance.parse(start)
			.combine(PathPatternParser.defaultInstance.parse(end))
			.getPatternString();
	}

	private static String slashed(String path) {
		return (path.isEmpty() || path.startsWith("/")) ? path : "/" + path;
	}

	/**
	 * Whether the web filter opens the bind's session for a request to the path (a
	 * handler's pattern, read as a path).
	 */
	private boolean opensAt(Bind bind, String path) {
		PathContainer container = PathContainer.parsePath(path);
		boolean included = bind.paths().isEmpty() || bind.paths().stream()
			.anyMatch((pattern) -> PathPatternParser.defaultInstance.parse(pattern).matches(container));
		return included && bind.excludePaths().stream()
			.noneMatch((pattern) -> PathPatternParser.defaultInstance.parse(pattern).matches(container));
	}

}
