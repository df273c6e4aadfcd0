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
 * the cause when the bind's database cannot be reached; a bind with read replicas has its
 * {@code primary} and each replica as components.
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
			contributors.put(bind.key(), contributor(bind, properties));
		}
		return CompositeReactiveHealthContributor.fromMap(contributors);
	}

	/**
	 * The health of a bind; of a bind with read replicas, its primary and each replica as
	 * components.
	 */
	private static ReactiveHealthContributor contributor(Bind bind, ReactiveSessionsHealthProperties properties) {
		BindHealthIndicator primary = new BindHealthIndicator(bind, properties.getTimeout());
		if (bind.replicas().isEmpty()) {
			return primary;
		}
		Map<String, ReactiveHealthContributor> components = new LinkedHashMap<>();
		components.put("primary", primary);
		bind.replicas().replicas().forEach((replica) -> components.put(replica.name(),
				new ReplicaHealthIndicator(bind, replica.name())));
		return CompositeReactiveHealthContributor.fromMap(components);
	}

}
