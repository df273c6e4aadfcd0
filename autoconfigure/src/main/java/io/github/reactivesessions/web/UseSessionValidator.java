package io.github.reactivesessions.web;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Set;
import java.util.function.Supplier;

import io.github.reactivesessions.bind.Bind;
import io.github.reactivesessions.bind.Binds;
import org.reactivestreams.Publisher;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Checks every {@link UseSession @UseSession} of the application's beans once the context has
 * started, so that a wrong key or a non-reactive method fails the startup rather than a
 * request.
 *
 * @author reactive-sessions
 * @since 0.1.0
 */
public final class UseSessionValidator implements SmartInitializingSingleton {

	private final ListableBeanFactory beanFactory;

	private final Supplier<Binds> binds;

	/**
	 * Create a validator.
	 * @param beanFactory the bean factory whose beans to check
	 * @param binds supplies the binds, looked up once the context has started
	 */
	public UseSessionValidator(ListableBeanFactory beanFactory, Supplier<Binds> binds) {
		this.beanFactory = beanFactory;
		this.binds = binds;
	}

	@Override
	public void afterSingletonsInstantiated() {
		Binds binds = this.binds.get();
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
		boolean annotatedMethod = AnnotatedElementUtils.hasAnnotation(method, UseSession.class);
		boolean publisher = Publisher.class.isAssignableFrom(method.getReturnType());
		if (annotatedMethod && !publisher) {
			throw new InvalidUseSessionException(method, "", InvalidUseSessionException.Problem.NOT_REACTIVE,
					("@UseSession on %s, which returns %s: the session lives as long as the method's publisher, so "
							+ "the method must return a Mono or Flux")
						.formatted(UseSessionInterceptor.describe(method), method.getReturnType().getSimpleName()));
		}
		if (!annotatedMethod && !(annotatedClass && publisher && Modifier.isPublic(method.getModifiers()))) {
			return;
		}
		Set<String> keys = UseSessionKeys.resolved(method, type, binds);
		boolean handler = AnnotatedElementUtils.hasAnnotation(method, RequestMapping.class);
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
		}
	}

}
