package io.github.reactivesessions.autoconfigure;

import io.github.reactivesessions.session.ReactiveSessionFactory;

/**
 * Callback that customizes the session factory of each bind the auto-configuration builds
 * (from {@code sa.binds} or adopted from the application's ConnectionFactory), for example
 * to add a {@link io.github.reactivesessions.session.SessionListener SessionListener}.
 * A {@code Bind} bean of the application is built by the application, which customizes it
 * with {@code Bind.Builder#sessionFactory}.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface SessionFactoryCustomizer {

	/**
	 * Customize the session factory of a bind.
	 * @param key the bind key
	 * @param builder the builder of the bind's session factory
	 */
	void customize(String key, ReactiveSessionFactory.Builder builder);

}
