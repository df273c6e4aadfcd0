package io.github.reactivesessions.autoconfigure;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import io.github.reactivesessions.bind.Bind;
import io.github.reactivesessions.schema.SchemaManager;
import io.github.reactivesessions.session.EntityBinds;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.r2dbc.connection.init.DatabasePopulator;
import org.springframework.r2dbc.connection.init.ResourceDatabasePopulator;

/**
 * Initializes the database of one bind at startup, from {@code sa.binds.<key>}: the Flyway
 * migrations ({@code flyway}), the schema scripts, then the missing tables of the bind's
 * entities (create-all), then the data scripts ({@code init}).
 *
 * <p>A {@link DatabasePopulator}, run at startup by Spring's
 * {@link org.springframework.r2dbc.connection.init.ConnectionFactoryInitializer}, which
 * waits for it while the context refreshes, before the web server starts: the application
 * must not take requests before its database is ready.
 */
class BindInitializer implements DatabasePopulator {

	private static final Log logger = LogFactory.getLog(BindInitializer.class);

	private final Bind bind;

	private final SaProperties.Bind properties;

	private final SaProperties.Init init;

	private final EntityBinds entityBinds;

	private final String defaultKey;

	private final Collection<String> applicationPackages;

	private final ResourceLoader resourceLoader;

	BindInitializer(Bind bind, SaProperties.Bind properties, EntityBinds entityBinds, String defaultKey,
			Collection<String> applicationPackages, ResourceLoader resourceLoader) {
		this.bind = bind;
		this.properties = properties;
		this.init = properties.getInit();
		this.entityBinds = entityBinds;
		this.defaultKey = defaultKey;
		this.applicationPackages = applicationPackages;
		this.resourceLoader = resourceLoader;
	}

	@Override
	public Mono<Void> populate(ConnectionFactory connectionFactory) {
		// The migrations hold a connection of the bind while they run: an in-memory H2
		// database lives while a connection to it is open, and JDBC may be the first.
		Mono<Void> migrate = Mono.usingWhen(Mono.from(connectionFactory.create()), (connection) -> migrate(),
				(connection) -> Mono.from(connection.close()));
		return (this.properties.getFlyway().isEnabled() ? migrate : Mono.<Void>empty())
			.then(initialize((scripts) -> scripts.populate(connectionFactory)));
	}

	@Override
	public Mono<Void> populate(Connection connection) {
		return migrate().then(initialize((scripts) -> scripts.populate(connection)));
	}

	private Mono<Void> migrate() {
		if (!this.properties.getFlyway().isEnabled()) {
			return Mono.empty();
		}
		// Flyway works over JDBC, blocking; this runs once, at startup.
		BindMigrations migrations = new BindMigrations(this.bind.key(), this.properties,
				this.resourceLoader.getClassLoader());
		return Mono.fromRunnable(migrations::migrate).subscribeOn(Schedulers.boundedElastic()).then();
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
			Set<Class<?>> found = EntityScan.entityTypes(packages(), this.resourceLoader);
			Class<?>[] entityTypes = found.stream()
				.filter((type) -> this.entityBinds.keyOf(type, this.defaultKey).equals(this.bind.key()))
				.toArray(Class<?>[]::new);
			logger.info("Bind '%s': creating the missing tables of its %d entities (%d others belong to other binds)"
				.formatted(this.bind.key(), entityTypes.length, found.size() - entityTypes.length));
			return new SchemaManager(this.bind.entityTemplate()).createAll(entityTypes);
		}).onErrorMap((ex) -> !(ex instanceof BindInitializationException),
				(ex) -> new BindInitializationException(this.bind.key(), "the creation of the entities' tables", ex));
	}

	// init.entity-packages when set; else the application's packages and the bind's own.
	private Collection<String> packages() {
		if (!this.init.getEntityPackages().isEmpty()) {
			return this.init.getEntityPackages();
		}
		Set<String> packages = new LinkedHashSet<>(this.applicationPackages);
		packages.addAll(this.properties.getEntityPackages());
		return packages;
	}

}
