package io.github.reactivesessions.autoconfigure;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import io.github.reactivesessions.bind.Bind;
import io.github.reactivesessions.bind.Binds;
import io.github.reactivesessions.session.ReactiveSessionFactory;
import io.r2dbc.spi.ConnectionFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.ResourceLoaderAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.connection.init.ConnectionFactoryInitializer;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.util.StringUtils;

/**
 * Registers, for every key under {@code sa.binds}, a {@link Bind} bean and beans named and
 * qualified by the key: {@code <key>ConnectionFactory}, {@code <key>DatabaseClient},
 * {@code <key>EntityTemplate}, {@code <key>TransactionManager} and
 * {@code <key>SessionFactory}, those of the default key being primary.
 *
 * <p>Bean definitions are registered from the properties, before any bean exists; the
 * instances come from the {@code Bind} bean, created when first needed. When no bind is
 * configured (no {@code sa.binds}, no {@code Bind} bean), the default key adopts the
 * application's ConnectionFactory and only the beans beside it are registered.
 */
class BindBeansRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware, ResourceLoaderAware {

	/**
	 * Name Spring Data's {@code @EnableR2dbcRepositories} looks up by default.
	 */
	private static final String REPOSITORIES_TEMPLATE = "r2dbcEntityTemplate";

	private @Nullable Environment environment;

	private ResourceLoader resourceLoader = new DefaultResourceLoader();

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void setResourceLoader(ResourceLoader resourceLoader) {
		this.resourceLoader = resourceLoader;
	}

	@Override
	public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
		BindPropertyNames.requireKnown(this.environment);
		SaProperties properties = Binder.get(this.environment).bind("sa", SaProperties.class).orElseGet(SaProperties::new);
		ListableBeanFactory beanFactory = (ListableBeanFactory) registry;
		String defaultKey = properties.getDefaultKey();
		if (!properties.getBinds().isEmpty()) {
			properties.getBinds().forEach((key, bind) -> {
				Binds.requireValidKey(key);
				registerBind(registry, key, () -> PropertyBinds.create(key, bind, beanFactory));
				registerConnectionFactory(registry, key, bind.getConnectionFactory(), key.equals(defaultKey));
				registerBeans(registry, key, key.equals(defaultKey));
				registerInitializer(registry, key, bind.getInit());
			});
		}
		else if (beanFactory.getBeanNamesForType(Bind.class, true, false).length == 0) {
			registerBind(registry, defaultKey, () -> PropertyBinds.adopt(defaultKey, beanFactory,
					beanFactory.getBeanProvider(ConnectionFactory.class)));
			registerBeans(registry, defaultKey, true);
		}
	}

	private void registerInitializer(BeanDefinitionRegistry registry, String key, SaProperties.Init init) {
		if (!init.isCreateAll() && init.getSchemaLocations().isEmpty() && init.getDataLocations().isEmpty()) {
			return;
		}
		ConfigurableListableBeanFactory beanFactory = (ConfigurableListableBeanFactory) registry;
		// Spring's initializer runs the bind's populator once at startup and waits for it.
		RootBeanDefinition definition = new RootBeanDefinition(ConnectionFactoryInitializer.class, () -> {
			Bind bind = beanFactory.getBean(key + "Bind", Bind.class);
			ConnectionFactoryInitializer initializer = new ConnectionFactoryInitializer();
			initializer.setConnectionFactory(bind.connectionFactory());
			initializer.setDatabasePopulator(new BindInitializer(bind, init,
					AutoConfigurationPackages.has(beanFactory) ? AutoConfigurationPackages.get(beanFactory) : List.of(),
					this.resourceLoader));
			return initializer;
		});
		registry.registerBeanDefinition(key + "Initializer", definition);
	}

	private void registerBind(BeanDefinitionRegistry registry, String key, Supplier<Bind> supplier) {
		RootBeanDefinition definition = new RootBeanDefinition(Bind.class, supplier);
		definition.addQualifier(new AutowireCandidateQualifier(Qualifier.class, key));
		registry.registerBeanDefinition(key + "Bind", definition);
	}

	private void registerConnectionFactory(BeanDefinitionRegistry registry, String key,
			@Nullable String existingBean, boolean primary) {
		String name = key + "ConnectionFactory";
		if (StringUtils.hasText(existingBean)) {
			// The bean exists already: another bean for the same instance would be counted
			// twice by health and pool metrics, so the key's name becomes an alias.
			if (!existingBean.equals(name)) {
				registry.registerAlias(existingBean, name);
			}
			return;
		}
		// The Bind bean owns the pool and closes it with the context.
		registry.registerBeanDefinition(name,
				perKey(registry, key, ConnectionFactory.class, Bind::connectionFactory, primary));
	}

	private void registerBeans(BeanDefinitionRegistry registry, String key, boolean primary) {
		registry.registerBeanDefinition(key + "DatabaseClient",
				perKey(registry, key, DatabaseClient.class, Bind::databaseClient, primary));
		registry.registerBeanDefinition(key + "EntityTemplate",
				perKey(registry, key, R2dbcEntityTemplate.class, Bind::entityTemplate, primary));
		registry.registerBeanDefinition(key + "TransactionManager",
				perKey(registry, key, R2dbcTransactionManager.class, Bind::transactionManager, primary));
		registry.registerBeanDefinition(key + "SessionFactory",
				perKey(registry, key, ReactiveSessionFactory.class, Bind::sessionFactory, primary));
		if (primary && !registry.containsBeanDefinition(REPOSITORIES_TEMPLATE) && !registry.isAlias(REPOSITORIES_TEMPLATE)) {
			registry.registerAlias(key + "EntityTemplate", REPOSITORIES_TEMPLATE);
		}
	}

	private <T> RootBeanDefinition perKey(BeanDefinitionRegistry registry, String key, Class<T> type,
			Function<Bind, T> part, boolean primary) {
		ListableBeanFactory beanFactory = (ListableBeanFactory) registry;
		RootBeanDefinition definition = new RootBeanDefinition(type,
				() -> part.apply(beanFactory.getBean(key + "Bind", Bind.class)));
		definition.addQualifier(new AutowireCandidateQualifier(Qualifier.class, key));
		definition.setPrimary(primary);
		return definition;
	}

}
