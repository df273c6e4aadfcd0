package io.github.reactivesessions.autoconfigure;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import io.github.reactivesessions.bind.Bind;
import io.github.reactivesessions.bind.Binds;
import io.github.reactivesessions.session.ReactiveSessionFactory;
import io.r2dbc.spi.ConnectionFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.InstanceSupplier;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ConfigurableApplicationContext;
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
import org.springframework.util.Assert;
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
 *
 * <p>Under Spring AOT the definitions are those of the build, and their instances come
 * from {@link #instanceSupplier(String, Part)}, which reads the bind's settings at runtime.
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
		ConfigurableListableBeanFactory beanFactory = (ConfigurableListableBeanFactory) registry;
		String defaultKey = properties.getDefaultKey();
		if (!properties.getBinds().isEmpty()) {
			properties.getBinds().forEach((key, bind) -> {
				Binds.requireValidKey(key);
				register(registry, key, Part.BIND, () -> PropertyBinds.create(key, bind, beanFactory), false);
				registerConnectionFactory(registry, key, bind.getConnectionFactory(), key.equals(defaultKey));
				registerBeans(registry, key, key.equals(defaultKey));
				registerInitializer(registry, key, bind, beanFactory);
			});
		}
		else if (beanFactory.getBeanNamesForType(Bind.class, true, false).length == 0) {
			register(registry, defaultKey, Part.ADOPTED_BIND, instanceSupplier(defaultKey, Part.ADOPTED_BIND), false);
			registerBeans(registry, defaultKey, true);
		}
	}

	private void registerInitializer(BeanDefinitionRegistry registry, String key, SaProperties.Bind bind,
			ConfigurableListableBeanFactory beanFactory) {
		SaProperties.Init init = bind.getInit();
		if (!init.isCreateAll() && init.getSchemaLocations().isEmpty() && init.getDataLocations().isEmpty()
				&& !bind.getFlyway().isEnabled()) {
			return;
		}
		register(registry, key, Part.INITIALIZER, () -> initializer(key, bind, beanFactory, this.resourceLoader),
				false);
	}

	private void registerConnectionFactory(BeanDefinitionRegistry registry, String key,
			@Nullable String existingBean, boolean primary) {
		String name = Part.CONNECTION_FACTORY.beanName(key);
		if (StringUtils.hasText(existingBean)) {
			// The bean exists already: another bean for the same instance would be counted
			// twice by health and pool metrics, so the key's name becomes an alias.
			if (!existingBean.equals(name)) {
				registry.registerAlias(existingBean, name);
			}
			return;
		}
		// The Bind bean owns the pool and closes it with the context.
		register(registry, key, Part.CONNECTION_FACTORY, instanceSupplier(key, Part.CONNECTION_FACTORY), primary);
	}

	private void registerBeans(BeanDefinitionRegistry registry, String key, boolean primary) {
		for (Part part : List.of(Part.DATABASE_CLIENT, Part.ENTITY_TEMPLATE, Part.TRANSACTION_MANAGER,
				Part.SESSION_FACTORY)) {
			register(registry, key, part, instanceSupplier(key, part), primary);
		}
		if (primary && !registry.containsBeanDefinition(REPOSITORIES_TEMPLATE) && !registry.isAlias(REPOSITORIES_TEMPLATE)) {
			registry.registerAlias(Part.ENTITY_TEMPLATE.beanName(key), REPOSITORIES_TEMPLATE);
		}
	}

	private void register(BeanDefinitionRegistry registry, String key, Part part, Supplier<?> supplier,
			boolean primary) {
		RootBeanDefinition definition = new RootBeanDefinition(part.type);
		definition.setInstanceSupplier(supplier);
		if (part != Part.INITIALIZER) {
			definition.addQualifier(new AutowireCandidateQualifier(Qualifier.class, key));
		}
		definition.setPrimary(primary);
		definition.setAttribute(BindBean.ATTRIBUTE, new BindBean(key, part));
		registry.registerBeanDefinition(part.beanName(key), definition);
	}

	/**
	 * The instance supplier of one of the beans this registrar registers, as the code that
	 * Spring AOT generates for it calls it (see {@link BindBeansAotProcessor}): the bind's
	 * settings are read from the environment when the bean is created, so an application
	 * processed ahead of time still takes its url, pool and init settings from its runtime
	 * configuration; which binds exist was decided at build time.
	 * @param key the bind's key
	 * @param part which of the bind's beans
	 * @return the supplier
	 */
	static InstanceSupplier<Object> instanceSupplier(String key, Part part) {
		return (registeredBean) -> {
			ConfigurableListableBeanFactory beanFactory = registeredBean.getBeanFactory();
			return switch (part) {
				case BIND -> {
					Environment environment = environment(beanFactory);
					BindPropertyNames.requireKnown(environment);
					yield PropertyBinds.create(key, properties(environment, key), beanFactory);
				}
				case ADOPTED_BIND ->
					PropertyBinds.adopt(key, beanFactory, beanFactory.getBeanProvider(ConnectionFactory.class));
				case INITIALIZER -> initializer(key, properties(environment(beanFactory), key), beanFactory,
						new DefaultResourceLoader(beanFactory.getBeanClassLoader()));
				default -> part.of(beanFactory.getBean(Part.BIND.beanName(key), Bind.class));
			};
		};
	}

	private static Environment environment(ConfigurableListableBeanFactory beanFactory) {
		return beanFactory.getBean(ConfigurableApplicationContext.ENVIRONMENT_BEAN_NAME, Environment.class);
	}

	private static SaProperties.Bind properties(Environment environment, String key) {
		SaProperties.Bind bind = Binder.get(environment)
			.bind("sa", SaProperties.class)
			.map((properties) -> properties.getBinds().get(key))
			.orElse(null);
		if (bind == null) {
			throw new IllegalStateException(("Bind '%s' was configured when the application was processed ahead of "
					+ "time, but sa.binds.%s is not configured now: with Spring AOT the binds are those of the "
					+ "build; configure it again, or process the application again without it").formatted(key, key));
		}
		return bind;
	}

	// Spring's initializer runs the bind's populator once at startup and waits for it.
	private static ConnectionFactoryInitializer initializer(String key, SaProperties.Bind properties,
			ConfigurableListableBeanFactory beanFactory, ResourceLoader resourceLoader) {
		Bind bind = beanFactory.getBean(Part.BIND.beanName(key), Bind.class);
		// Binds checks the entities' binds, and knows the default key.
		Binds binds = beanFactory.getBean(Binds.class);
		ConnectionFactoryInitializer initializer = new ConnectionFactoryInitializer();
		initializer.setConnectionFactory(bind.connectionFactory());
		initializer.setDatabasePopulator(new BindInitializer(bind, properties,
				bind.sessionFactory().entityBinds(), binds.defaultKey(), EntityScan.applicationPackages(beanFactory),
				resourceLoader));
		return initializer;
	}

	/**
	 * The beans of a bind, each named {@code <key><suffix>}.
	 */
	enum Part {

		BIND("Bind", Bind.class, null),

		ADOPTED_BIND("Bind", Bind.class, null),

		CONNECTION_FACTORY("ConnectionFactory", ConnectionFactory.class, Bind::connectionFactory),

		DATABASE_CLIENT("DatabaseClient", DatabaseClient.class, Bind::databaseClient),

		ENTITY_TEMPLATE("EntityTemplate", R2dbcEntityTemplate.class, Bind::entityTemplate),

		TRANSACTION_MANAGER("TransactionManager", R2dbcTransactionManager.class, Bind::transactionManager),

		SESSION_FACTORY("SessionFactory", ReactiveSessionFactory.class, Bind::sessionFactory),

		INITIALIZER("Initializer", ConnectionFactoryInitializer.class, null);

		private final String suffix;

		private final Class<?> type;

		private final @Nullable Function<Bind, Object> ofBind;

		Part(String suffix, Class<?> type, @Nullable Function<Bind, Object> ofBind) {
			this.suffix = suffix;
			this.type = type;
			this.ofBind = ofBind;
		}

		String beanName(String key) {
			return key + this.suffix;
		}

		private Object of(Bind bind) {
			Assert.state(this.ofBind != null, () -> this + " is not made from the Bind bean");
			return this.ofBind.apply(bind);
		}

	}

	/**
	 * What a bean definition of this registrar holds in its {@link #ATTRIBUTE} attribute.
	 * @param key the bind's key
	 * @param part which of its beans
	 */
	record BindBean(String key, Part part) {

		/**
		 * Name of the attribute.
		 */
		static final String ATTRIBUTE = BindBean.class.getName();

	}

}
