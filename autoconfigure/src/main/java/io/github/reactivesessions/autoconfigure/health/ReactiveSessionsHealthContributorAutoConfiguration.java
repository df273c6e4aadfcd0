package io.github.reactivesessions.autoconfigure.health;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.reactivesessions.autoconfigure.ReactiveSessionsAutoConfiguration;
import io.github.reactivesessions.bind.Bind;
import io.github.reactivesessions.bind.Binds;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeReactiveHealthContributor;
import org.springframework.boot.health.contributor.ReactiveHealthContributor;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration}
 * of the {@code sa} health contributor: one component per bind key, DOWN with the key and
 * the cause when the bind's database cannot be reached.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = ReactiveSessionsAutoConfiguration.class)
@ConditionalOnClass({ ReactiveHealthContributor.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(Binds.class)
@ConditionalOnEnabledHealthIndicator("sa")
@EnableConfigurationProperties(ReactiveSessionsHealthProperties.class)
public final class ReactiveSessionsHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = { "saHealthIndicator", "saHealthContributor" })
	ReactiveHealthContributor saHealthContributor(Binds binds, ReactiveSessionsHealthProperties properties) {
		Map<String, ReactiveHealthContributor> contributors = new LinkedHashMap<>();
		for (Bind bind : binds) {
			contributors.put(bind.key(), new BindHealthIndicator(bind, properties.getTimeout()));
		}
		return CompositeReactiveHealthContributor.fromMap(contributors);
	}

}
