package io.github.reactivesessions.autoconfigure;

import java.util.LinkedHashSet;
import java.util.Set;

import io.github.reactivesessions.bind.Bind;
import io.github.reactivesessions.bind.Binds;
import io.github.reactivesessions.session.EntityBinds;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.ConnectionFactory;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.r2dbc.autoconfigure.DataR2dbcAutoConfiguration;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcTransactionManagerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.ResourceLoader;
import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration}
 * of keyed R2DBC binds and their sessions.
 *
 * <p>Runs before Spring Boot's R2DBC auto-configurations: its primary beans for the default
 * key make Boot's single-database beans back off, while Boot's repositories, health and
 * pool metrics keep working on them.
 *
 * @since 0.1.0
 */
@AutoConfiguration(before = { R2dbcAutoConfiguration.class, R2dbcTransactionManagerAutoConfiguration.class,
		DataR2dbcAutoConfiguration.class })
@ConditionalOnClass({ ConnectionFactory.class, ConnectionPool.class, R2dbcEntityTemplate.class })
@EnableConfigurationProperties(SaProperties.class)
@Import(BindBeansRegistrar.class)
public final class ReactiveSessionsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	Binds binds(SaProperties properties, ObjectProvider<Bind> binds, EntityBinds entityBinds,
			ListableBeanFactory beanFactory, ResourceLoader resourceLoader) {
		Binds registry = new Binds(properties.getDefaultKey(), binds.orderedStream().toList());
		checkEntityBinds(properties, entityBinds, registry, beanFactory, resourceLoader);
		return registry;
	}

	/**
	 * Which bind each entity type lives in: their {@code @BindKey} annotations and the
	 * binds' {@code entity-packages}.
	 */
	@Bean
	@ConditionalOnMissingBean
	EntityBinds entityBinds(SaProperties properties) {
		EntityBinds.Builder builder = EntityBinds.builder();
		properties.getBinds().forEach((key, bind) -> builder.packages(key, bind.getEntityPackages()));
		return builder.build();
	}

	@Bean
	SessionFactoryCustomizer entityBindsSessionFactoryCustomizer(EntityBinds entityBinds) {
		return (key, builder) -> builder.entityBinds(entityBinds);
	}

	// An entity that names a bind that does not exist, or two binds, fails startup rather
	// than its first request.
	private static void checkEntityBinds(SaProperties properties, EntityBinds entityBinds, Binds binds,
			ListableBeanFactory beanFactory, ResourceLoader resourceLoader) {
		Set<String> packages = new LinkedHashSet<>(EntityScan.applicationPackages(beanFactory));
		packages.addAll(entityBinds.packages().keySet());
		properties.getBinds().values().forEach((bind) -> packages.addAll(bind.getInit().getEntityPackages()));
		for (Class<?> type : EntityScan.entityTypes(packages, resourceLoader)) {
			entityBinds.validate(type, binds.keys());
		}
	}

}
