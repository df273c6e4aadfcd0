package io.github.reactivesessions.web;

import java.lang.reflect.Method;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.reactivesessions.bind.Binds;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.core.MethodClassKey;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Finds the keys a method opens with {@link UseSession}: those of the method's annotation and
 * of its class's, the empty key standing for the default key. Cached per method and class.
 */
final class UseSessionKeys {

	private static final Map<MethodClassKey, Set<String>> cache = new ConcurrentHashMap<>();

	private UseSessionKeys() {
	}

	/**
	 * Return the keys declared for a method, as written ("" for the default key); empty when
	 * neither the method nor its class is annotated.
	 */
	static Set<String> declared(Method method, @Nullable Class<?> targetClass) {
		return cache.computeIfAbsent(new MethodClassKey(method, targetClass), (key) -> find(method, targetClass));
	}

	/**
	 * Return the keys declared for a method, the empty key replaced by the default key.
	 */
	static Set<String> resolved(Method method, @Nullable Class<?> targetClass, Binds binds) {
		Set<String> declared = declared(method, targetClass);
		if (!declared.contains("")) {
			return declared;
		}
		Set<String> resolved = new LinkedHashSet<>(declared);
		resolved.remove("");
		resolved.add(binds.defaultKey());
		return resolved;
	}

	private static Set<String> find(Method method, @Nullable Class<?> targetClass) {
		Method specific = (targetClass != null) ? AopUtils.getMostSpecificMethod(method, targetClass) : method;
		Set<String> keys = new LinkedHashSet<>();
		add(keys, AnnotatedElementUtils.findMergedAnnotation(specific, UseSession.class));
		add(keys, AnnotatedElementUtils.findMergedAnnotation(specific.getDeclaringClass(), UseSession.class));
		if (targetClass != null) {
			add(keys, AnnotatedElementUtils.findMergedAnnotation(targetClass, UseSession.class));
		}
		return Set.copyOf(keys);
	}

	private static void add(Set<String> keys, @Nullable UseSession annotation) {
		if (annotation == null) {
			return;
		}
		if (annotation.value().length == 0) {
			keys.add("");
		}
		for (String key : annotation.value()) {
			keys.add(key);
		}
	}

}
