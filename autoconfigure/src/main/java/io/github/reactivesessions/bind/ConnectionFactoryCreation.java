package io.github.reactivesessions.bind;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.r2dbc.spi.ConnectionFactoryProvider;
import io.r2dbc.spi.Option;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Creates the connection factory of a bind from its url: the driver's factory, wrapped for
 * echo when asked, inside an r2dbc-pool {@link ConnectionPool} (for r2dbc-mysql, through a
 * {@link MySqlPoolConnectionFactory}). Creating it does no I/O: connections are opened when
 * first acquired.
 */
final class ConnectionFactoryCreation {

	private static final boolean PROXY_PRESENT = ClassUtils.isPresent("io.r2dbc.proxy.ProxyConnectionFactory",
			ConnectionFactoryCreation.class.getClassLoader());

	/**
	 * Longest default connect timeout; shorter when half the pool's max-acquire-time is.
	 */
	static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

	private ConnectionFactoryCreation() {
	}

	static ConnectionFactory create(String key, String url, @Nullable String username, @Nullable String password,
			Map<String, String> options, @Nullable Duration connectTimeout, PoolSettings pool, boolean echo) {
		ConnectionFactoryOptions connectionOptions = options(key, url, username, password, options,
				(connectTimeout != null) ? connectTimeout : defaultConnectTimeout(pool));
		String driver = String.valueOf(connectionOptions.getValue(ConnectionFactoryOptions.DRIVER));
		ConnectionFactory connectionFactory = ConnectionFactories.find(connectionOptions);
		if (connectionFactory == null) {
			throw new UnknownDriverException(key, driver, availableDrivers());
		}
		boolean mySql = MySqlPoolConnectionFactory.isMySql(connectionFactory);
		if (echo) {
			connectionFactory = echo(key, connectionFactory);
		}
		if (!pool.isEnabled() || connectionFactory instanceof ConnectionPool) {
			return connectionFactory;
		}
		if (mySql) {
			// Right under the pool, above echo's proxy, which hides the driver's Lifecycle.
			connectionFactory = new MySqlPoolConnectionFactory(connectionFactory);
		}
		return new RetryingConnectionPool(poolConfiguration(key, connectionFactory, pool), pool.getAcquireRetry());
	}

	static ConnectionFactory echo(String key, ConnectionFactory connectionFactory) {
		if (!PROXY_PRESENT) {
			throw new IllegalStateException(("Bind '%s' has echo enabled, which needs r2dbc-proxy: add "
					+ "io.r2dbc:r2dbc-proxy to your dependencies").formatted(key));
		}
		return StatementLogging.wrap(key, connectionFactory);
	}

	/**
	 * A connect timeout shorter than the wait for a connection, so that a database that does
	 * not answer (packets dropped, a host gone) fails the request waiting for the connection
	 * with the driver's reason before the pool's max-acquire-time runs out; the driver's own
	 * default is Netty's 30 s.
	 */
	static Duration defaultConnectTimeout(PoolSettings pool) {
		if (!pool.isEnabled()) {
			return DEFAULT_CONNECT_TIMEOUT;
		}
		Duration half = pool.getMaxAcquireTime().dividedBy(2);
		return (half.compareTo(DEFAULT_CONNECT_TIMEOUT) < 0) ? half : DEFAULT_CONNECT_TIMEOUT;
	}

	private static ConnectionFactoryOptions options(String key, String url, @Nullable String username,
			@Nullable String password, Map<String, String> options, Duration connectTimeout) {
		ConnectionFactoryOptions parsed;
		try {
			parsed = ConnectionFactoryOptions.parse(url);
		}
		catch (IllegalArgumentException ex) {
			// The driver's message repeats the url, password included: mask it, and do not
			// chain the exception that carries it.
			throw new InvalidBindTargetException(key, "Url '%s' of bind '%s' is not an R2DBC url: %s"
				.formatted(Urls.mask(url), key, Urls.mask(String.valueOf(ex.getMessage()))));
		}
		ConnectionFactoryOptions.Builder builder = parsed.mutate();
		if (StringUtils.hasText(username) && !parsed.hasOption(ConnectionFactoryOptions.USER)) {
			builder.option(ConnectionFactoryOptions.USER, username);
		}
		if (StringUtils.hasText(password) && !parsed.hasOption(ConnectionFactoryOptions.PASSWORD)) {
			builder.option(ConnectionFactoryOptions.PASSWORD, password);
		}
		if (!parsed.hasOption(ConnectionFactoryOptions.CONNECT_TIMEOUT)
				&& !options.containsKey(ConnectionFactoryOptions.CONNECT_TIMEOUT.name())) {
			builder.option(ConnectionFactoryOptions.CONNECT_TIMEOUT, connectTimeout);
		}
		options.forEach((name, value) -> builder.option(Option.valueOf(name), value));
		return builder.build();
	}

	private static ConnectionPoolConfiguration poolConfiguration(String key, ConnectionFactory connectionFactory,
			PoolSettings pool) {
		ConnectionPoolConfiguration.Builder builder = ConnectionPoolConfiguration.builder(connectionFactory)
			.name(key)
			.initialSize(pool.getInitialSize())
			.maxSize(pool.getMaxSize())
			.maxIdleTime(pool.getMaxIdleTime())
			.maxAcquireTime(pool.getMaxAcquireTime())
			// The pool retries, but never a timeout: see RetryingConnectionPool.
			.acquireRetry(0)
			.preRelease(ConnectionFactoryCreation::resetForNextBorrower);
		if (pool.getMaxLifeTime() != null) {
			builder.maxLifeTime(pool.getMaxLifeTime());
		}
		if (pool.getMaxCreateConnectionTime() != null) {
			builder.maxCreateConnectionTime(pool.getMaxCreateConnectionTime());
		}
		if (StringUtils.hasText(pool.getValidationQuery())) {
			builder.validationQuery(pool.getValidationQuery());
		}
		return builder.build();
	}

	/**
	 * End what the last borrower of a connection left open before the pool gives it to the
	 * next: a transaction begun with SQL text ({@code BEGIN}) or by turning autocommit off,
	 * which r2dbc-pool does not roll back (it rolls back only a transaction begun with
	 * {@code beginTransaction()}), so that the next borrower's statements ran inside it and
	 * were never committed; and autocommit left off. {@code isAutoCommit()} reads the
	 * driver's own state: a connection in autocommit, the usual case, costs no round trip.
	 */
	static Publisher<Void> resetForNextBorrower(Connection connection) {
		if (connection.isAutoCommit()) {
			return Mono.empty();
		}
		return Mono.from(connection.rollbackTransaction())
			.then(Mono.defer(() -> connection.isAutoCommit() ? Mono.empty() : Mono.from(connection.setAutoCommit(true))));
	}

	private static List<String> availableDrivers() {
		return ServiceLoader.load(ConnectionFactoryProvider.class, ConnectionFactoryCreation.class.getClassLoader())
			.stream()
			.map((provider) -> provider.get().getDriver())
			.filter((driver) -> !"pool".equals(driver) && !"proxy".equals(driver))
			.distinct()
			.sorted()
			.toList();
	}

}
