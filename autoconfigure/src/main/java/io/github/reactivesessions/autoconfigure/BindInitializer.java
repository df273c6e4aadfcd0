package io.github.reactivesessions.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.github.reactivesessions.bind.Bind;
import io.github.reactivesessions.schema.SchemaManager;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.data.relational.core.mapping.Table;
import org.springframework.r2dbc.connection.init.DatabasePopulator;
import org.springframework.r2dbc.connection.init.ResourceDatabasePopulator;
import org.springframework.util.ClassUtils;

/**
 * Initializes the database of one bind at startup, from {@code sa.binds.<key>.init}: the
 * schema scripts, then the missing tables of the entities (create-all), then the data
 * scripts.
 *
 * <p>A {@link DatabasePopulator}, run at startup by Spring's
 * {@link org.springframework.r2dbc.connection.init.ConnectionFactoryInitializer}, which
 * waits for it while the context refreshes, before the web server starts: the application
 * must not take requests before its database is ready.
 */
class BindInitializer implements DatabasePopulator {

	private static final Log logger = LogFactory.getLog(BindInitializer.class);

	private final Bind bind;

	private final SaProperties.Init init;

	private final List<String> defaultEntityPackages;

	private final ResourceLoader resourceLoader;

	BindInitializer(Bind bind, SaProperties.Init init, List<String> defaultEntityPackages,
			ResourceLoader resourceLoader) {
		this.bind = bind;
		this.init = init;
		this.defaultEntityPackages = defaultEntityPackages;
		this.resourceLoader = resourceLoader;
	}

	@Override
	public Mono<Void> populate(ConnectionFactory connectionFactory) {
		return initialize((scripts) -> scripts.populate(connectionFactory));
	}

	@Override
	public Mono<Void> populate(Connection connection) {
		return initialize((scripts) -> scripts.populate(connection));
	}

	/**
	 * The schema scripts, the missing tables (through the bind's template), then the data
	 * scripts, each script run by the given function.
	 */
	private Mono<Void> initialize(Function<ResourceDatabasePopulator, Mono<Void>> run) {
		return scripts(this.init.getSchemaLocations(), run).then(createAll())
			.then(scripts(this.init.getDataLocations(), run));
	}

	private Mono<Void> scripts(List<String> locations, Function<ResourceDatabasePopulator, Mono<Void>> run) {
		Mono<Void> all = Mono.empty();
		for (String location : locations) {
			Resource resource = this.resourceLoader.getResource(location);
			all = all.then(run.apply(new ResourceDatabasePopulator(resource))
				.onErrorMap((ex) -> new BindInitializationException(this.bind.key(), "the script " + location, ex)));
		}
		return all;
	}

	private Mono<Void> createAll() {
		if (!this.init.isCreateAll()) {
			return Mono.empty();
		}
		return Mono.defer(() -> {
			Class<?>[] entityTypes = entityTypes();
			logger.info("Bind '%s': creating the missing tables of %d entities".formatted(this.bind.key(),
					entityTypes.length));
			return new SchemaManager(this.bind.entityTemplate()).createAll(entityTypes);
		}).onErrorMap((ex) -> !(ex instanceof BindInitializationException),
				(ex) -> new BindInitializationException(this.bind.key(), "the creation of the entities' tables", ex));
	}

	private Class<?>[] entityTypes() {
		List<String> packages = this.init.getEntityPackages().isEmpty() ? this.defaultEntityPackages
				: this.init.getEntityPackages();
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
		scanner.setResourceLoader(this.resourceLoader);
		scanner.addIncludeFilter(new AnnotationTypeFilter(Table.class));
		List<Class<?>> types = new ArrayList<>();
		for (String basePackage : packages) {
			for (BeanDefinition candidate : scanner.findCandidateComponents(basePackage)) {
				types.add(ClassUtils.resolveClassName(candidate.getBeanClassName(), this.resourceLoader.getClassLoader()));
			}
		}
		return types.toArray(Class<?>[]::new);
	}

}
