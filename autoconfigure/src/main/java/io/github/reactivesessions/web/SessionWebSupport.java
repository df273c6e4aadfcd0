package io.github.reactivesessions.web;

import java.util.function.Supplier;

import io.github.reactivesessions.bind.Binds;

import org.springframework.aop.Advisor;
import org.springframework.aop.support.ComposablePointcut;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;

/**
 * The pieces a WebFlux application installs so that handlers get sessions beyond the
 * {@link SessionWebFilter}: {@code ReactiveSession} handler parameters, the
 * {@link UseSession @UseSession} advice, and the startup check of every
 * {@code @UseSession}. The starter's auto-configuration installs them; an application that
 * turns it off ({@code sa.web.enabled=false}) can register them itself. The advisor and the
 * check assume a {@link SessionWebFilter} over the same binds opens the sessions of the
 * binds with {@code middleware} on; without one, turn it off for every bind.
 *
 * @since 0.1.0
 */
public final class SessionWebSupport {

	private SessionWebSupport() {
	}

	/**
	 * Return the resolver of {@code ReactiveSession} handler parameters (the default
	 * session, or the one {@link SessionKey @SessionKey} names), to add as a custom
	 * argument resolver of WebFlux.
	 * @return the argument resolver
	 */
	public static HandlerMethodArgumentResolver sessionArgumentResolver() {
		return new SessionArgumentResolver();
	}

	/**
	 * Return the advisor that applies {@link UseSession @UseSession} to the annotated
	 * methods, and the methods of annotated classes, of the application's beans. Register
	 * it from a {@code static} bean method with
	 * {@code @Role(BeanDefinition.ROLE_INFRASTRUCTURE)}: without AspectJ, Spring Boot's
	 * proxy creator applies only infrastructure advisors.
	 * @param binds supplies the binds, looked up when first needed since advisors are
	 * created before ordinary beans
	 * @return the advisor
	 */
	public static Advisor useSessionAdvisor(Supplier<Binds> binds) {
		ComposablePointcut pointcut = new ComposablePointcut(new AnnotationMatchingPointcut(UseSession.class, true))
			.union(AnnotationMatchingPointcut.forMethodAnnotation(UseSession.class));
		return new DefaultPointcutAdvisor(pointcut, new UseSessionInterceptor(binds));
	}

	/**
	 * Return the check, run once every singleton of the context has been created, that every
	 * {@link UseSession @UseSession} of the application's beans names a bind, is on a
	 * reactive method, and gives its handler the sessions its parameters ask for; a mistake
	 * fails the startup instead of every request.
	 * @param beanFactory the bean factory whose beans to check
	 * @param binds supplies the binds, looked up once every singleton has been created
	 * @return the check, to register as a bean
	 */
	public static SmartInitializingSingleton useSessionValidator(ListableBeanFactory beanFactory,
			Supplier<Binds> binds) {
		return new UseSessionValidator(beanFactory, binds);
	}

}
