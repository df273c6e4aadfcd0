package io.github.reactivesessions.bind;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.github.reactivesessions.session.ReactiveSessionFactory;
import io.github.reactivesessions.session.Replica;
import io.github.reactivesessions.session.TransactionRetry;
import io.r2dbc.spi.ConnectionFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;

import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * One keyed database: aiohttp-sqlalchemy's {@code bind(target, key='sa_main', middleware=True)}.
 *
 * <p>A bind is built from a target of one of three kinds, the same as aiohttp-sqlalchemy's: an R2DBC
 * url (a pool is created for it), an existing {@link ConnectionFactory}, or an existing
 * {@link ReactiveSessionFactory}. It carries the options the web layer reads (whether the
 * filter opens its sessions, under which paths, whether it commits on success).
 *
 * <pre class="code">
 * &#64;Bean
 * Bind reports() {
 *     return Bind.of("r2dbc:postgresql://localhost/reports").key("sa_reports").middleware(false).build();
 * }
 * </pre>
 *
 * <p>Closing a bind closes the pool it created from a url; a connection factory or session
 * factory it was given is left to its owner.
 *
 * @since 0.1.0
 */
public final class Bind implements AutoCloseable {

	private final String key;

	private final ReactiveSessionFactory sessionFactory;

	private final boolean middleware;

	private final List<String> paths;

	private final List<String> excludePaths;

	private final boolean commitOnSuccess;

	private final @Nullable String url;

	private final @Nullable Disposable ownedPool;

	private final Replicas replicas;

	private final Duration readYourWrites;

	private Bind(Builder builder, ReactiveSessionFactory sessionFactory, @Nullable Disposable ownedPool,
			Replicas replicas) {
		this.key = builder.key;
		this.sessionFactory = sessionFactory;
		this.middleware = builder.middleware;
		this.paths = List.copyOf(builder.paths);
		this.excludePaths = List.copyOf(builder.excludePaths);
		this.commitOnSuccess = builder.commitOnSuccess;
		this.url = builder.url;
		this.ownedPool = ownedPool;
		this.replicas = replicas;
		this.readYourWrites = builder.replicas.readYourWrites();
	}

	/**
	 * Start a bind to the database at an R2DBC url, such as
	 * {@code r2dbc:postgresql://localhost:5432/app}.
	 * @param url the url
	 * @return a builder
	 */
	public static Builder of(String url) {
		Assert.hasText(url, "Url must not be empty");
		Builder builder = new Builder();
		builder.url = url;
		return builder;
	}

	/**
	 * Start a bind to an existing connection factory (aiohttp-sqlalchemy's engine).
	 * @param connectionFactory the connection factory, usually a pool
	 * @return a builder
	 */
	public static Builder of(ConnectionFactory connectionFactory) {
		Assert.notNull(connectionFactory, "ConnectionFactory must not be null");
		Builder builder = new Builder();
		builder.connectionFactory = connectionFactory;
		return builder;
	}

	/**
	 * Start a bind to an existing session factory (aiohttp-sqlalchemy's sessionmaker); its key becomes
	 * the bind's key unless another is given.
	 * @param sessionFactory the session factory
	 * @return a builder
	 */
	public static Builder of(ReactiveSessionFactory sessionFactory) {
		Assert.notNull(sessionFactory, "ReactiveSessionFactory must not be null");
		Builder builder = new Builder();
		builder.sessionFactory = sessionFactory;
		builder.key = sessionFactory.key();
		return builder;
	}

	/**
	 * Return the key of the bind.
	 * @return the key
	 */
	public String key() {
		return this.key;
	}

	/**
	 * Return the session factory of the bind: aiohttp-sqlalchemy's {@code get_session_factory}.
	 * @return the session factory
	 */
	public ReactiveSessionFactory sessionFactory() {
		return this.sessionFactory;
	}

	/**
	 * Return the connection factory of the bind: aiohttp-sqlalchemy's {@code get_engine}.
	 * @return the connection factory
	 */
	public ConnectionFactory connectionFactory() {
		return this.sessionFactory.connectionFactory();
	}

	/**
	 * Return the database client of the bind.
	 * @return the database client
	 */
	public DatabaseClient databaseClient() {
		return this.sessionFactory.databaseClient();
	}

	/**
	 * Return the entity template of the bind, in the bind's dialect.
	 * @return the entity template
	 */
	public R2dbcEntityTemplate entityTemplate() {
		return this.sessionFactory.entityTemplate();
	}

	/**
	 * Return the transaction manager of the bind, shared by its sessions and Spring code.
	 * @return the transaction manager
	 */
	public R2dbcTransactionManager transactionManager() {
		return this.sessionFactory.transactionManager();
	}

	/**
	 * Return whether the web filter opens a session of this bind for each request.
	 * @return whether the bind is opened by the filter
	 */
	public boolean isMiddleware() {
		return this.middleware;
	}

	/**
	 * Return the path patterns under which the filter opens this bind's session; empty for
	 * all paths.
	 * @return the path patterns
	 */
	public List<String> paths() {
		return this.paths;
	}

	/**
	 * Return the path patterns under which the filter does not open this bind's session.
	 * @return the excluded path patterns
	 */
	public List<String> excludePaths() {
		return this.excludePaths;
	}

	/**
	 * Return whether the filter commits the session's open transaction when the handler
	 * succeeds.
	 * @return whether to commit on success
	 */
	public boolean isCommitOnSuccess() {
		return this.commitOnSuccess;
	}

	/**
	 * Return whether the bind is read-only.
	 * @return whether the bind is read-only
	 */
	public boolean isReadOnly() {
		return this.sessionFactory.isReadOnly();
	}

	/**
	 * Return the read replicas of the bind; empty when it has none.
	 * @return the replicas
	 * @since 0.4.0
	 */
	public Replicas replicas() {
		return this.replicas;
	}

	/**
	 * Return how long, after a client's request committed a write through this bind, that
	 * client's requests read on the primary rather than a replica.
	 * @return the read-your-writes window
	 * @since 0.4.0
	 */
	public Duration readYourWrites() {
		return this.readYourWrites;
	}

	/**
	 * Close the pool this bind created from its url, if any, and those of its replicas.
	 */
	@Override
	public void close() {
		if (this.ownedPool != null && !this.ownedPool.isDisposed()) {
			this.ownedPool.dispose();
		}
		this.replicas.close();
	}

	/**
	 * Return the given R2DBC url with its password masked ({@code ******}), in the user
	 * info or as a {@code password} option, as binds show urls in messages and logs.
	 * @param url an R2DBC url
	 * @return the url without its password
	 */
	public static String maskPassword(String url) {
		return Urls.mask(url);
	}

	@Override
	public String toString() {
		return "Bind[key=" + this.key + ((this.url != null) ? ", url=" + Urls.mask(this.url) : "") + ", middleware="
				+ this.middleware + "]";
	}

	/**
	 * Builder of {@link Bind}.
	 */
	public static final class Builder {

		private String key = Binds.DEFAULT_KEY;

		private @Nullable String url;

		private @Nullable ConnectionFactory connectionFactory;

		private @Nullable ReactiveSessionFactory sessionFactory;

		private @Nullable String username;

		private @Nullable String password;

		private final Map<String, String> options = new LinkedHashMap<>();

		private @Nullable Duration connectTimeout;

		private final PoolSettings pool = new PoolSettings();

		private boolean middleware = true;

		private final List<String> paths = new ArrayList<>();

		private final List<String> excludePaths = new ArrayList<>();

		private boolean commitOnSuccess;

		private final SessionSettings sessionSettings = new SessionSettings();

		private boolean echo;

		private Pooler pooler = Pooler.NONE;

		private final List<Consumer<ReactiveSessionFactory.Builder>> sessionFactoryCustomizers = new ArrayList<>();

		private final ReplicaSettings replicas = new ReplicaSettings();

		private Builder() {
		}

		/**
		 * Set the key; {@value Binds#DEFAULT_KEY} by default.
		 * @param key a letter followed by letters, digits and underscores
		 * @return this builder
		 */
		public Builder key(String key) {
			this.key = BindKeys.validate(key);
			return this;
		}

		/**
		 * Set the login username, when it is not in the url.
		 * @param username the username
		 * @return this builder
		 */
		public Builder username(@Nullable String username) {
			this.username = username;
			return this;
		}

		/**
		 * Set the login password, when it is not in the url.
		 * @param password the password
		 * @return this builder
		 */
		public Builder password(@Nullable String password) {
			this.password = password;
			return this;
		}

		/**
		 * Set the connection pooler between the bind and its database; {@link Pooler#NONE}
		 * by default. {@link Pooler#TRANSACTION} (PgBouncer's transaction mode) keeps no
		 * prepared statement from one statement to the next and refuses driver options that
		 * set state on a server connection; PostgreSQL urls only.
		 * @param pooler the pooler
		 * @return this builder
		 */
		public Builder pooler(Pooler pooler) {
			Assert.notNull(pooler, "Pooler must not be null");
			this.pooler = pooler;
			return this;
		}

		/**
		 * Add a driver option, passed to the driver with the url.
		 * @param name the option name
		 * @param value the option value
		 * @return this builder
		 */
		public Builder option(String name, String value) {
			this.options.put(name, value);
			return this;
		}

		/**
		 * Set how long opening a connection may take (the TCP connect, the driver's
		 * {@code connectTimeout} option) before it fails. By default 5 seconds, or half the
		 * pool's max-acquire-time when that is shorter, so that a database that does not
		 * answer fails a waiting request with the driver's reason before the pool gives up;
		 * a {@code connectTimeout} in the url or the options wins.
		 * @param connectTimeout the connect timeout
		 * @return this builder
		 */
		public Builder connectTimeout(@Nullable Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
			return this;
		}

		/**
		 * Add read replicas and set how sessions use them (see {@link ReplicaSettings}):
		 * the sessions of GET, HEAD and OPTIONS requests read on a replica, in read-only
		 * transactions, and write on the primary. For a bind built from a url.
		 * @param customizer adds replicas and changes their settings
		 * @return this builder
		 * @since 0.4.0
		 */
		public Builder replicas(Consumer<ReplicaSettings> customizer) {
			customizer.accept(this.replicas);
			return this;
		}

		/**
		 * Customize the connection pool created for the url.
		 * @param customizer changes the pool settings
		 * @return this builder
		 */
		public Builder pool(Consumer<PoolSettings> customizer) {
			customizer.accept(this.pool);
			return this;
		}

		/**
		 * Set whether the web filter opens a session of this bind for each request;
		 * {@code true} by default. A bind with {@code false} is opened by
		 * {@code @UseSession}.
		 * @param middleware whether the filter opens the bind
		 * @return this builder
		 */
		public Builder middleware(boolean middleware) {
			this.middleware = middleware;
			return this;
		}

		/**
		 * Limit the filter to these path patterns (as in {@code /reports/**}).
		 * @param paths path patterns
		 * @return this builder
		 */
		public Builder paths(List<String> paths) {
			this.paths.clear();
			this.paths.addAll(paths);
			return this;
		}

		/**
		 * Keep the filter away from these path patterns.
		 * @param excludePaths path patterns
		 * @return this builder
		 */
		public Builder excludePaths(List<String> excludePaths) {
			this.excludePaths.clear();
			this.excludePaths.addAll(excludePaths);
			return this;
		}

		/**
		 * Set whether the filter commits the session's open transaction when the handler
		 * succeeds with a status below 400; {@code false} by default.
		 * @param commitOnSuccess whether to commit on success
		 * @return this builder
		 */
		public Builder commitOnSuccess(boolean commitOnSuccess) {
			this.commitOnSuccess = commitOnSuccess;
			return this;
		}

		/**
		 * Set whether a commit clears the sessions' identity maps; {@code false} by default.
		 * @param expireOnCommit whether entities expire on commit
		 * @return this builder
		 */
		public Builder expireOnCommit(boolean expireOnCommit) {
			this.sessionSettings.expireOnCommit = expireOnCommit;
			return this;
		}

		/**
		 * Set whether sessions open read-only transactions and refuse to write;
		 * {@code false} by default.
		 * @param readOnly whether the bind is read-only
		 * @return this builder
		 */
		public Builder readOnly(boolean readOnly) {
			this.sessionSettings.readOnly = readOnly;
			return this;
		}

		/**
		 * Set whether sessions run their reads outside a transaction until they first
		 * write or begin; by default {@code true} on PostgreSQL and H2, {@code false}
		 * elsewhere (see
		 * {@link ReactiveSessionFactory.Builder#autocommitReads(boolean)}).
		 * @param autocommitReads whether reads run in autocommit, or {@code null} for the
		 * database's default
		 * @return this builder
		 */
		public Builder autocommitReads(@Nullable Boolean autocommitReads) {
			this.sessionSettings.autocommitReads = autocommitReads;
			return this;
		}

		/**
		 * Set how the bind's {@code begin} blocks run again after a transient failure
		 * unless their options say otherwise; by default they run once (see
		 * {@link ReactiveSessionFactory.Builder#retry(TransactionRetry)}).
		 * @param retry the retry default of the bind
		 * @return this builder
		 */
		public Builder retry(TransactionRetry retry) {
			Assert.notNull(retry, "TransactionRetry must not be null");
			this.sessionSettings.retry = retry;
			return this;
		}

		/**
		 * Set whether every statement is logged with its parameters and duration (logger
		 * {@code io.github.reactivesessions.echo}, INFO); {@code false} by default.
		 * @param echo whether to log statements
		 * @return this builder
		 */
		public Builder echo(boolean echo) {
			this.echo = echo;
			return this;
		}

		/**
		 * Customize the session factory of the bind, to add a
		 * {@link io.github.reactivesessions.session.SessionListener SessionListener} or an
		 * observation registry for example. Applies to binds built from a url or a
		 * connection factory; a session factory given as the target keeps its own settings.
		 * @param customizer changes the session factory builder
		 * @return this builder
		 */
		public Builder sessionFactory(Consumer<ReactiveSessionFactory.Builder> customizer) {
			this.sessionFactoryCustomizers.add(customizer);
			return this;
		}

		/**
		 * Build the bind. Does no I/O: a pool created for a url opens connections when
		 * first used.
		 * @return the bind
		 * @throws InvalidBindTargetException when url-only settings are given for another
		 * kind of target
		 * @throws UnknownDriverException when no driver handles the url
		 */
		public Bind build() {
			if (this.sessionFactory != null) {
				return fromSessionFactory(this.sessionFactory);
			}
			ConnectionFactory connectionFactory;
			Disposable ownedPool = null;
			if (this.url != null) {
				Map<String, String> options = (this.pooler == Pooler.TRANSACTION)
						? TransactionPooling.options(this.key, this.url, this.options) : this.options;
				connectionFactory = ConnectionFactoryCreation.create(this.key, this.url, this.username, this.password,
						options, this.connectTimeout, this.pool, this.echo);
				if (connectionFactory instanceof Disposable disposable) {
					ownedPool = disposable;
				}
			}
			else {
				Assert.state(this.connectionFactory != null, "No target");
				requireUrlFor("username, password, options, connect-timeout, pooler or replicas",
						StringUtils.hasText(this.username) || StringUtils.hasText(this.password) || !this.options.isEmpty()
								|| this.connectTimeout != null || this.pooler != Pooler.NONE || !this.replicas.targets().isEmpty());
				connectionFactory = this.echo ? ConnectionFactoryCreation.echo(this.key, this.connectionFactory)
						: this.connectionFactory;
			}
			ReactiveSessionFactory.Builder sessionFactory = this.sessionSettings.builder(connectionFactory, this.key);
			this.sessionFactoryCustomizers.forEach((customizer) -> customizer.accept(sessionFactory));
			ReactiveSessionFactory built = sessionFactory.build();
			return new Bind(this, built, ownedPool, replicas(built));
		}

		private Replicas replicas(ReactiveSessionFactory sessionFactory) {
			List<Replica> replicas = new ArrayList<>();
			for (ReplicaSettings.Target target : this.replicas.targets()) {
				String username = (target.username() != null) ? target.username() : this.username;
				String password = (target.password() != null) ? target.password() : this.password;
				Map<String, String> options = (this.pooler == Pooler.TRANSACTION)
						? TransactionPooling.options(this.key, target.url(), this.options) : this.options;
				replicas.add(new Replica(target.name(), ConnectionFactoryCreation.create(this.key + "-" + target.name(),
						target.url(), username, password, options, this.connectTimeout, this.pool, this.echo)));
			}
			return replicas.isEmpty() ? Replicas.NONE : new Replicas(this.key, replicas, this.replicas.maxLag(),
					this.replicas.checkInterval(), sessionFactory);
		}

		private Bind fromSessionFactory(ReactiveSessionFactory given) {
			requireUrlFor("username, password, options, connect-timeout, pooler, echo or replicas",
					StringUtils.hasText(this.username) || StringUtils.hasText(this.password) || !this.options.isEmpty()
							|| this.connectTimeout != null || this.pooler != Pooler.NONE || this.echo
							|| !this.replicas.targets().isEmpty());
			if (!this.sessionFactoryCustomizers.isEmpty()) {
				throw new InvalidBindTargetException(this.key, ("Bind '%s' customizes its session factory, which "
						+ "only applies to a bind built from a url or a connection factory: configure the given "
						+ "session factory instead").formatted(this.key));
			}
			ReactiveSessionFactory sessionFactory = this.sessionSettings.applyTo(given, this.key);
			return new Bind(this, sessionFactory, null, Replicas.NONE);
		}

		private void requireUrlFor(String settings, boolean given) {
			if (given) {
				throw new InvalidBindTargetException(this.key, ("Bind '%s' sets %s, which only apply to a bind "
						+ "built from a url").formatted(this.key, settings));
			}
		}

	}


}
