package io.github.reactivesessions.autoconfigure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import io.github.reactivesessions.bind.Bind;
import io.github.reactivesessions.bind.DefaultBindNotFoundException;
import io.github.reactivesessions.bind.InvalidBindTargetException;
import io.github.reactivesessions.bind.PoolSettings;
import io.github.reactivesessions.bind.ReplicaSettings;
import io.github.reactivesessions.session.ReactiveSessionFactory;
import io.github.reactivesessions.session.TransactionRetry;
import io.r2dbc.spi.ConnectionFactory;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.util.StringUtils;

/**
 * Builds {@link Bind binds} from {@code sa.binds.<key>} properties, and the default bind
 * adopted from the application's single ConnectionFactory when no bind is configured.
 */
final class PropertyBinds {

	private static final Log logger = LogFactory.getLog(PropertyBinds.class);

	private PropertyBinds() {
	}

	static Bind create(String key, SaProperties.Bind properties, ListableBeanFactory beanFactory) {
		boolean hasUrl = StringUtils.hasText(properties.getUrl());
		boolean hasConnectionFactory = StringUtils.hasText(properties.getConnectionFactory());
		if (hasUrl == hasConnectionFactory) {
			throw new InvalidBindTargetException(key, hasUrl
					? "Bind '%s' sets both a url and a connection-factory: it needs exactly one".formatted(key)
					: "Bind '%s' has neither a url nor a connection-factory".formatted(key));
		}
		Bind.Builder builder = hasUrl
				? Bind.of(properties.getUrl()).pool((pool) -> poolSettings(properties.getPool(), pool))
				: Bind.of(connectionFactoryBean(key, properties.getConnectionFactory(), beanFactory));
		builder.username(properties.getUsername()).password(properties.getPassword());
		if (properties.getConnectTimeout() != null) {
			builder.connectTimeout(properties.getConnectTimeout());
		}
		builder.pooler(properties.getPooler());
		properties.getOptions().forEach(builder::option);
		if (!properties.getReplicas().isEmpty()) {
			builder.replicas((replicas) -> replicaSettings(key, properties, replicas));
		}
		return builder.key(key)
			.sessionFactory(customizers(key, beanFactory))
			.middleware(properties.isMiddleware())
			.paths(properties.getPaths())
			.excludePaths(properties.getExcludePaths())
			.commitOnSuccess(properties.isCommitOnSuccess())
			.expireOnCommit(properties.isExpireOnCommit())
			.readOnly(properties.isReadOnly())
			.autocommitReads(properties.getAutocommitReads())
			.retry(retry(key, properties.getRetry()))
			.echo(properties.isEcho())
			.build();
	}

	private static void replicaSettings(String key, SaProperties.Bind properties, ReplicaSettings settings) {
		List<BindReplicaProperties> replicas = properties.getReplicas();
		for (int i = 0; i < replicas.size(); i++) {
			BindReplicaProperties replica = replicas.get(i);
			if (!StringUtils.hasText(replica.getUrl())) {
				throw new InvalidBindTargetException(key,
						"Replica %d of bind '%s' (sa.binds.%s.replicas[%d]) has no url".formatted(i + 1, key, key, i));
			}
			String name = (replica.getName() != null) ? replica.getName() : "replica-" + (i + 1);
			try {
				settings.add(name, replica.getUrl(), replica.getUsername(), replica.getPassword());
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidBindTargetException(key,
						"Bind '%s', sa.binds.%s.replicas[%d]: %s".formatted(key, key, i, ex.getMessage()));
			}
		}
		BindReplicaReadsProperties reads = properties.getReplicaReads();
		settings.maxLag(reads.getMaxLag())
			.checkInterval(reads.getCheckInterval())
			.readYourWrites(reads.getReadYourWrites());
	}

	/**
	 * The default bind when no {@code sa.binds} and no {@code Bind} bean exist: the
	 * application's single ConnectionFactory, which Spring Boot builds from
	 * {@code spring.r2dbc.*}, from service connections, or as an embedded H2 database.
	 */
	static Bind adopt(String key, ListableBeanFactory beanFactory, ObjectProvider<ConnectionFactory> connectionFactories) {
		String[] names = beanFactory.getBeanNamesForType(ConnectionFactory.class);
		ConnectionFactory connectionFactory = connectionFactories.getIfUnique();
		if (connectionFactory == null) {
			if (names.length == 0) {
				throw new DefaultBindNotFoundException(key, List.of());
			}
			throw new InvalidBindTargetException(key, ("No sa.binds are configured and %d ConnectionFactory beans "
					+ "exist (%s), none of them primary, so bind '%s' cannot choose one")
				.formatted(names.length, String.join(", ", names), key));
		}
		logger.info("Bind '%s' uses the application's ConnectionFactory (%s)".formatted(key,
				connectionFactory.getMetadata().getName()));
		return Bind.of(connectionFactory).key(key).sessionFactory(customizers(key, beanFactory)).build();
	}

	private static Consumer<ReactiveSessionFactory.Builder> customizers(String key, ListableBeanFactory beanFactory) {
		ObjectProvider<SessionFactoryCustomizer> customizers = beanFactory.getBeanProvider(SessionFactoryCustomizer.class);
		return (builder) -> customizers.orderedStream().forEach((customizer) -> customizer.customize(key, builder));
	}

	private static ConnectionFactory connectionFactoryBean(String key, String beanName,
			ListableBeanFactory beanFactory) {
		try {
			return beanFactory.getBean(beanName, ConnectionFactory.class);
		}
		catch (NoSuchBeanDefinitionException ex) {
			List<String> available = new ArrayList<>(
					Arrays.asList(beanFactory.getBeanNamesForType(ConnectionFactory.class)));
			available.remove(beanName);
			throw new MissingConnectionFactoryBeanException(key, beanName, available);
		}
	}

	private static TransactionRetry retry(String key, BindRetryProperties properties) {
		try {
			return TransactionRetry.attempts(properties.getMaxAttempts())
				.backoff(properties.getFirstBackoff(), properties.getMaxBackoff())
				.jitter(properties.getJitter());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("Retry of bind '%s' is invalid: %s (sa.binds.%s.retry.*)".formatted(key,
					ex.getMessage(), key), ex);
		}
	}

	private static void poolSettings(BindPoolProperties properties, PoolSettings pool) {
		pool.enabled(properties.isEnabled())
			.initialSize(properties.getInitialSize())
			.maxSize(properties.getMaxSize())
			.maxIdleTime(properties.getMaxIdleTime())
			.maxLifeTime(properties.getMaxLifeTime())
			.maxAcquireTime(properties.getMaxAcquireTime())
			.maxCreateConnectionTime(properties.getMaxCreateConnectionTime())
			.validationQuery(properties.getValidationQuery())
			.acquireRetry(properties.getAcquireRetry());
	}

}
