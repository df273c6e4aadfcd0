package io.github.reactivesessions.autoconfigure.metrics;

import io.github.reactivesessions.autoconfigure.SessionFactoryCustomizer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration}
 * of Micrometer metrics of the sessions of each bind ({@code sa.sessions.*}, tagged with
 * the bind key) and of an observation of every {@code begin} block
 * ({@code sa.session.begin}). The pools' own metrics ({@code r2dbc.pool.*}) come from
 * Spring Boot's R2DBC pool metrics, which see each bind's {@code <key>ConnectionFactory}
 * bean.
 *
 * @since 0.1.0
 */
@AutoConfiguration(afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration" })
public final class ReactiveSessionsMetricsAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(MeterRegistry.class)
	static class SessionMetricsConfiguration {

		@Bean
		SessionFactoryCustomizer sessionMetricsCustomizer(ObjectProvider<MeterRegistry> registry) {
			return (key, builder) -> builder.listener(new MicrometerSessionListener(key, registry.getObject()));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(ObservationRegistry.class)
	static class BeginObservationConfiguration {

		@Bean
		SessionFactoryCustomizer beginObservationCustomizer(ObjectProvider<ObservationRegistry> registry) {
			return (key, builder) -> builder.observationRegistry(registry.getObject());
		}

	}

}
