package io.github.reactivesessions.autoconfigure;

import io.github.reactivesessions.bind.Binds;
import io.github.reactivesessions.view.ViewExceptionHandler;
import io.github.reactivesessions.web.SessionWebFilter;
import io.github.reactivesessions.web.SessionWebSupport;

import org.springframework.aop.Advisor;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Role;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;
import org.springframework.web.server.WebFilter;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration}
 * of sessions for WebFlux: the session filter, {@code ReactiveSession} handler parameters,
 * {@code @UseSession}, and problem details for view errors raised in controllers.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = ReactiveSessionsAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass({ WebFilter.class, WebFluxConfigurer.class })
@ConditionalOnBean(Binds.class)
@ConditionalOnBooleanProperty(name = "sa.web.enabled", matchIfMissing = true)
public final class ReactiveSessionsWebAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SessionWebFilter sessionWebFilter(Binds binds, SaProperties properties, ObjectProvider<ServerCodecConfigurer> codecs) {
		return new SessionWebFilter(binds, properties.getWeb().getFilterOrder(), codecs.getIfAvailable(),
				properties.getWeb().getRetryAfter());
	}

	@Bean
	@ConditionalOnMissingBean
	ViewExceptionHandler viewExceptionHandler() {
		return new ViewExceptionHandler();
	}

	@Bean
	WebFluxConfigurer reactiveSessionsWebFluxConfigurer() {
		return new WebFluxConfigurer() {

			@Override
			public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
				configurer.addCustomResolver(SessionWebSupport.sessionArgumentResolver());
			}

		};
	}

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static Advisor useSessionAdvisor(ObjectProvider<Binds> binds) {
		return SessionWebSupport.useSessionAdvisor(binds::getObject);
	}

	@Bean
	static SmartInitializingSingleton useSessionValidator(ListableBeanFactory beanFactory, ObjectProvider<Binds> binds) {
		return SessionWebSupport.useSessionValidator(beanFactory, binds::getObject);
	}

}
