package io.github.reactivesessions.web;

import java.lang.reflect.Method;

/**
 * Thrown at startup when a {@link UseSession @UseSession} annotation or a handler's
 * {@code ReactiveSession} parameter cannot work: the annotation names an unknown key, sits
 * on a method that does not return a publisher, or opens on a handler a key the web filter
 * opens for that handler's paths already; the parameter asks for a session nobody opens for
 * the handler. Explained by {@link InvalidUseSessionFailureAnalyzer}.
 */
class InvalidUseSessionException extends IllegalStateException {

	private final String method;

	private final String key;

	private final Problem problem;

	InvalidUseSessionException(Method method, String key, Problem problem, String message) {
		super(message);
		this.method = UseSessionInterceptor.describe(method);
		this.key = key;
		this.problem = problem;
	}

	/**
	 * Return the annotated method, as {@code Class.method(..)}.
	 * @return the method
	 */
	String getMethod() {
		return this.method;
	}

	/**
	 * Return the key concerned (empty for a non-reactive method).
	 * @return the key
	 */
	String getKey() {
		return this.key;
	}

	/**
	 * Return what is wrong.
	 * @return the problem
	 */
	Problem getProblem() {
		return this.problem;
	}

	/**
	 * What is wrong with an annotation.
	 */
	enum Problem {

		/**
		 * The key names no bind.
		 */
		UNKNOWN_KEY,

		/**
		 * The method does not return a {@code Mono}, {@code Flux} or other publisher.
		 */
		NOT_REACTIVE,

		/**
		 * The handler opens a key the web filter opens on every path, or on the handler's
		 * paths.
		 */
		OPENED_BY_FILTER,

		/**
		 * A {@code ReactiveSession} parameter of a handler asks for a key that neither the web
		 * filter nor an {@code @UseSession} of the handler opens for it.
		 */
		NOT_OPENED

	}

}
