package io.github.reactivesessions.session;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.micrometer.observation.ObservationRegistry;
import io.r2dbc.spi.ConnectionFactory;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.r2dbc.convert.MappingR2dbcConverter;
import org.springframework.data.r2dbc.convert.R2dbcCustomConversions;
import org.springframework.data.r2dbc.core.DefaultReactiveDataAccessStrategy;
import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.data.r2dbc.dialect.DialectResolver;
import org.springframework.data.r2dbc.dialect.H2Dialect;
import org.springframework.data.r2dbc.dialect.PostgresDialect;
import org.springframework.data.r2dbc.dialect.R2dbcDialect;
import org.springframework.data.r2dbc.mapping.R2dbcMappingContext;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.support.DefaultTransactionDefinition;
import org.springframework.util.Assert;

/**
 * Opens {@link ReactiveSession sessions} on one bind: the counterpart of SQLAlchemy's
 * {@code async_sessionmaker(engine, expire_on_commit=False)}.
 *
 * <p>Holds the bind's Spring pieces, all on the same {@link ConnectionFactory}: an
 * {@link R2dbcEntityTemplate} mapping entities in the bind's own dialect, and the
 * {@link R2dbcTransactionManager} that sessions and Spring code share.
 *
 * <pre class="code">
 * ReactiveSessionFactory sessions = ReactiveSessionFactory.builder(connectionFactory).key("sa_main").build();
 * Mono&lt;Order&gt; saved = sessions.inTransaction((session) -&gt; Mono.just(session.add(new Order())));
 * </pre>
 *
 * @since 0.1.0
 */
public final class ReactiveSessionFactory {

	static final SessionListener NO_LISTENER = new SessionListener() {
	};

	private final String key;

	private final ConnectionFactory connectionFactory;

	private final R2dbcEntityTemplate entityTemplate;

	private final R2dbcTransactionManager transactionManager;

	private final R2dbcDialect dialect;

	private final boolean readOnly;

	private final boolean expireOnCommit;

	private final boolean autocommitReads;

	private final TransactionRetry retry;

	private final TransactionDefinition transactionDefinition;

	private final TransactionDefinition nestedTransactionDefinition;

	private final EntityBinds entityBinds;

	private final EntityTypes entityTypes;

	private final SelectStatements selects;

	private final SessionListener listener;

	// Created by the first transaction on a replica: a listener may register meters for it.
	private volatile @Nullable SessionListener replicaListener;

	private final ObservationRegistry observationRegistry;

	private final SessionFailures failures;

	private final SessionFlush flush;

	private ReactiveSessionFactory(Builder builder, R2dbcEntityTemplate entityTemplate,
			R2dbcTransactionManager transactionManager, R2dbcDialect dialect, boolean autocommitReads) {
		this.key = builder.key;
		this.connectionFactory = builder.connectionFactory;
		this.entityTemplate = entityTemplate;
		this.transactionManager = transactionManager;
		this.dialect = dialect;
		this.readOnly = builder.readOnly;
		this.expireOnCommit = builder.expireOnCommit;
		this.autocommitReads = autocommitReads;
		this.retry = builder.retry;
		this.transactionDefinition = definition(TransactionDefinition.PROPAGATION_REQUIRED);
		this.nestedTransactionDefinition = definition(TransactionDefinition.PROPAGATION_NESTED);
		this.entityBinds = builder.entityBinds;
		this.entityTypes = new EntityTypes(entityTemplate.getConverter().getMappingContext(), this.key,
				this.entityBinds);
		this.selects = new SelectStatements(entityTemplate, dialect, this.entityTypes);
		this.listener = builder.listeners.isEmpty() ? NO_LISTENER : SessionListener.composite(builder.listeners);
		this.observationRegistry = builder.observationRegistry;
		this.failures = new SessionFailures(this.key, new ConnectionFailureLog());
		this.flush = new SessionFlush(this.key, this.readOnly, entityTemplate, this.failures);
	}

	private TransactionDefinition definition(int propagation) {
		DefaultTransactionDefinition definition = new DefaultTransactionDefinition(propagation);
		definition.setReadOnly(this.readOnly);
		definition.setName("ReactiveSession[" + this.key + "]");
		return definition;
	}

	/**
	 * Start building a factory on the given connection factory (usually a pool); the key of
	 * its bind must be set with {@link Builder#key(String)}.
	 * @param connectionFactory the connection factory of the bind
	 * @return a builder
	 */
	public static Builder builder(ConnectionFactory connectionFactory) {
		return new Builder(connectionFactory);
	}

	/**
	 * Return the key of the bind.
	 * @return the bind key
	 */
	public String key() {
		return this.key;
	}

	/**
	 * The failures of the bind's sessions, with the log of its connection failures.
	 */
	SessionFailures failures() {
		return this.failures;
	}

	/**
	 * The flush of the bind's sessions.
	 */
	SessionFlush flush() {
		return this.flush;
	}

	/**
	 * Return the connection factory sessions take their connections from: aiohttp-sqlalchemy's
	 * engine.
	 * @return the connection factory
	 */
	public ConnectionFactory connectionFactory() {
		return this.connectionFactory;
	}

	/**
	 * Return the entity template sessions map entities with.
	 * @return the entity template
	 */
	public R2dbcEntityTemplate entityTemplate() {
		return this.entityTemplate;
	}

	/**
	 * Return the database client of the entity template.
	 * @return the database client
	 */
	public DatabaseClient databaseClient() {
		return this.entityTemplate.getDatabaseClient();
	}

	/**
	 * Return the transaction manager sessions open their transactions with.
	 * @return the transaction manager
	 */
	public R2dbcTransactionManager transactionManager() {
		return this.transactionManager;
	}

	/**
	 * Return the SQL dialect of the bind, as reported by its connection factory.
	 * @return the dialect
	 */
	public R2dbcDialect dialect() {
		return this.dialect;
	}

	/**
	 * Return whether sessions open read-only transactions and refuse to write.
	 * @return whether the bind is read-only
	 */
	public boolean isReadOnly() {
		return this.readOnly;
	}

	/**
	 * Return whether a commit clears the session's identity map.
	 * @return whether entities expire on commit
	 */
	public boolean isExpireOnCommit() {
		return this.expireOnCommit;
	}

	/**
	 * Return whether sessions run their reads outside a transaction until they first write
	 * or begin (see {@link Builder#autocommitReads(boolean)}).
	 * @return whether reads run in autocommit
	 */
	public boolean isAutocommitReads() {
		return this.autocommitReads;
	}

	/**
	 * Return how the bind's {@code begin} blocks are retried unless their
	 * {@link BeginOptions} say otherwise (see {@link Builder#retry(TransactionRetry)}).
	 * @return the retry default
	 */
	public TransactionRetry getRetry() {
		return this.retry;
	}

	/**
	 * Return a factory like this one with another key, sharing its connection factory,
	 * template and transaction manager.
	 * @param key the new key
	 * @return a factory with the given key
	 */
	public ReactiveSessionFactory withKey(String key) {
		if (this.key.equals(key)) {
			return this;
		}
		Builder builder = builder(this.connectionFactory).key(key)
			.readOnly(this.readOnly)
			.expireOnCommit(this.expireOnCommit)
			.autocommitReads(this.autocommitReads)
			.retry(this.retry)
			.entityBinds(this.entityBinds)
			.observationRegistry(this.observationRegistry);
		if (this.listener != NO_LISTENER) {
			builder.listener(this.listener);
		}
		return new ReactiveSessionFactory(builder, this.entityTemplate, this.transactionManager, this.dialect,
				this.autocommitReads);
	}

	/**
	 * Return which bind each entity type lives in, as sessions of this factory check it
	 * (see {@link Builder#entityBinds(EntityBinds)}).
	 * @return the entity binds
	 */
	public EntityBinds entityBinds() {
		return this.entityBinds;
	}

	TransactionDefinition transactionDefinition() {
		return this.transactionDefinition;
	}

	/**
	 * The definition of a begin block's transaction: the bind's, unless the options ask
	 * for an isolation level or a read-only transaction.
	 */
	TransactionDefinition transactionDefinition(BeginOptions options) {
		if (options.getIsolation() == Isolation.DEFAULT && (!options.isReadOnly() || this.readOnly)) {
			return this.transactionDefinition;
		}
		DefaultTransactionDefinition definition = new DefaultTransactionDefinition(this.transactionDefinition);
		definition.setIsolationLevel(options.getIsolation().value());
		definition.setReadOnly(this.readOnly || options.isReadOnly());
		return definition;
	}

	TransactionRetry retry() {
		return this.retry;
	}

	TransactionDefinition nestedTransactionDefinition() {
		return this.nestedTransactionDefinition;
	}

	EntityTypes entityTypes() {
		return this.entityTypes;
	}

	SelectStatements selects() {
		return this.selects;
	}

	SessionListener listener() {
		return this.listener;
	}

	SessionListener replicaListener() {
		SessionListener replicaListener = this.replicaListener;
		if (replicaListener == null) {
			replicaListener = this.listener.forReplicas();
			this.replicaListener = replicaListener;
		}
		return replicaListener;
	}

	ObservationRegistry observationRegistry() {
		return this.observationRegistry;
	}

	/**
	 * Open a session. Does no I/O: the session takes a connection for its first statement.
	 * @return a new session, to be closed by the caller
	 */
	public ReactiveSession openSession() {
		return new DefaultReactiveSession(this, null);
	}

	/**
	 * Open a session that runs its reads on the read replica the given replica reads
	 * choose when it opens its first transaction, and its writes on this factory's
	 * connection factory, the primary (see {@link ReplicaReads}). Does no I/O.
	 * @param replicaReads where the session reads
	 * @return a new session, to be closed by the caller
	 * @since 0.4.0
	 */
	public ReactiveSession openSession(ReplicaReads replicaReads) {
		Assert.notNull(replicaReads, "ReplicaReads must not be null");
		return new DefaultReactiveSession(this, replicaReads);
	}

	/**
	 * Open a session, run work with it and close it, whatever the outcome: aiohttp-sqlalchemy's
	 * {@code async with Session() as session}.
	 * @param work the work
	 * @param <T> the result type
	 * @return the work's result
	 */
	public <T> Mono<T> withSession(Function<? super ReactiveSession, ? extends Mono<T>> work) {
		return Mono.usingWhen(Mono.fromSupplier(this::openSession), work::apply, ReactiveSession::close,
				(session, error) -> session.close(), ReactiveSession::close);
	}

	/**
	 * Flux variant of {@link #withSession(Function)}.
	 * @param work the work
	 * @param <T> the element type
	 * @return the work's elements
	 */
	public <T> Flux<T> withSessionMany(Function<? super ReactiveSession, ? extends Publisher<T>> work) {
		return Flux.usingWhen(Mono.fromSupplier(this::openSession), work::apply, ReactiveSession::close,
				(session, error) -> session.close(), ReactiveSession::close);
	}

	/**
	 * Open a session, run work in a transaction that commits when it completes and rolls
	 * back when it fails or is cancelled, and close the session: aiohttp-sqlalchemy's
	 * {@code async with Session.begin() as session}.
	 * @param work the work
	 * @param <T> the result type
	 * @return the work's result
	 */
	public <T> Mono<T> inTransaction(Function<? super ReactiveSession, ? extends Mono<T>> work) {
		return withSession((session) -> session.begin(work));
	}

	@Override
	public String toString() {
		return "ReactiveSessionFactory[key=" + this.key + "]";
	}

	/**
	 * Builder of {@link ReactiveSessionFactory}.
	 */
	public static final class Builder {

		private final ConnectionFactory connectionFactory;

		private @Nullable String key;

		private @Nullable R2dbcEntityTemplate entityTemplate;

		private boolean cacheInsertStatements = true;

		private @Nullable R2dbcTransactionManager transactionManager;

		private boolean readOnly;

		private boolean expireOnCommit;

		private @Nullable Boolean autocommitReads;

		private TransactionRetry retry = TransactionRetry.none();

		private final List<SessionListener> listeners = new ArrayList<>();

		private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

		private EntityBinds entityBinds = EntityBinds.annotated();

		private Builder(ConnectionFactory connectionFactory) {
			Assert.notNull(connectionFactory, "ConnectionFactory must not be null");
			this.connectionFactory = connectionFactory;
		}

		/**
		 * Set the key of the bind the sessions belong to (required): the key their errors,
		 * metrics and logs name.
		 * @param key the key
		 * @return this builder
		 */
		public Builder key(String key) {
			Assert.hasText(key, "Key must not be empty");
			this.key = key;
			return this;
		}

		/**
		 * Use the given entity template, which must be built on the same connection factory;
		 * by default one is built in the dialect the connection factory reports (on MySQL
		 * and MariaDB with converters that store {@code UUID} values as text, which the
		 * driver cannot encode by itself), which renders the SQL of each INSERT once per
		 * table and list of columns instead of on every call (see
		 * {@link #cacheInsertStatements(boolean)}). The template is the bind's: its sessions
		 * and, in a Spring Boot application, the bind's {@code R2dbcEntityTemplate} bean and
		 * repositories use it.
		 * @param entityTemplate the template
		 * @return this builder
		 */
		public Builder entityTemplate(R2dbcEntityTemplate entityTemplate) {
			this.entityTemplate = entityTemplate;
			return this;
		}

		/**
		 * Whether the entity template built when none is given renders the SQL of each
		 * INSERT once per table and list of columns and keeps it (up to 256 statements),
		 * instead of rendering it on every {@code insert} as Spring Data does; {@code true} by
		 * default. The statements are the same either way, except the INSERT of an entity
		 * with nothing but a generated id, which names the id column
		 * ({@code INSERT INTO t (id) VALUES (DEFAULT)}) where Spring Data's, refused by H2 and
		 * MySQL for a table of several columns, does not. Every user of the template runs it:
		 * the sessions, and in a Spring Boot application the bind's
		 * {@code R2dbcEntityTemplate} bean and repositories. Without effect on a template
		 * given to {@link #entityTemplate(R2dbcEntityTemplate)}.
		 * @param cacheInsertStatements whether to keep the rendered INSERT statements
		 * @return this builder
		 */
		public Builder cacheInsertStatements(boolean cacheInsertStatements) {
			this.cacheInsertStatements = cacheInsertStatements;
			return this;
		}

		/**
		 * Use the given transaction manager, which must manage the same connection factory;
		 * by default a new one is created.
		 * @param transactionManager the transaction manager
		 * @return this builder
		 */
		public Builder transactionManager(R2dbcTransactionManager transactionManager) {
			this.transactionManager = transactionManager;
			return this;
		}

		/**
		 * Set whether sessions open read-only transactions and refuse to write.
		 * @param readOnly whether the bind is read-only
		 * @return this builder
		 */
		public Builder readOnly(boolean readOnly) {
			this.readOnly = readOnly;
			return this;
		}

		/**
		 * Set whether a commit clears the session's identity map; {@code false} by default,
		 * as in aiohttp-sqlalchemy.
		 * @param expireOnCommit whether entities expire on commit
		 * @return this builder
		 */
		public Builder expireOnCommit(boolean expireOnCommit) {
			this.expireOnCommit = expireOnCommit;
			return this;
		}

		/**
		 * Set whether sessions run their reads ({@code get}, {@code select},
		 * {@code selectOne}, {@code count}, {@code refresh}, and {@code sql()} of a plain
		 * {@code SELECT}) outside a transaction, one connection per statement as Spring
		 * Data repositories do, until the session first opens one: for a write (a flush
		 * of pending changes, {@code update}, {@code delete}, any other {@code sql()}),
		 * {@code begin}, {@code beginNested} or {@code operations()}. From then on the
		 * session is transactional. A read inside a Spring transaction of the bind joins
		 * it. By default {@code true} on PostgreSQL and H2, whose default isolation (READ
		 * COMMITTED) gives every statement its own snapshot inside a transaction too, and
		 * {@code false} elsewhere: MySQL's and MariaDB's REPEATABLE READ gives the reads of
		 * one transaction one snapshot.
		 * @param autocommitReads whether reads run outside a transaction until the first
		 * write
		 * @return this builder
		 */
		public Builder autocommitReads(boolean autocommitReads) {
			this.autocommitReads = autocommitReads;
			return this;
		}

		/**
		 * Set how {@code begin} blocks whose {@link BeginOptions} name no retry are run
		 * again after a transient failure (a serialization failure, a deadlock, a lock wait
		 * timeout); {@link TransactionRetry#none()} by default. A default for the whole bind
		 * suits an application whose every block can run twice: work with effects outside
		 * the database (a message sent, a service called) must not be inside one.
		 * {@code beginMany} and {@code beginNested} are never retried.
		 * @param retry the default retry of the bind's blocks
		 * @return this builder
		 */
		public Builder retry(TransactionRetry retry) {
			Assert.notNull(retry, "TransactionRetry must not be null");
			this.retry = retry;
			return this;
		}

		/**
		 * Add a listener told of the life of every session (opened, connection acquired,
		 * commit, rollback, connection released), for metrics; none by default, which
		 * costs nothing per session.
		 * @param listener the listener
		 * @return this builder
		 */
		public Builder listener(SessionListener listener) {
			Assert.notNull(listener, "SessionListener must not be null");
			this.listeners.add(listener);
			return this;
		}

		/**
		 * Record every {@code begin} block as an observation named
		 * {@code sa.session.begin} in the given registry, so that traces show it;
		 * {@link ObservationRegistry#NOOP} (nothing recorded) by default.
		 * @param observationRegistry the registry
		 * @return this builder
		 */
		public Builder observationRegistry(ObservationRegistry observationRegistry) {
			Assert.notNull(observationRegistry, "ObservationRegistry must not be null");
			this.observationRegistry = observationRegistry;
			return this;
		}

		/**
		 * Set which bind each entity type lives in. Sessions refuse, with a
		 * {@link WrongBindException}, an entity type that declares another bind than this
		 * one; a {@link RoutedSession} opened from this factory's registry routes by it.
		 * By default only {@link BindKey @BindKey} annotations declare binds; in a Spring Boot
		 * application the binds' {@code entity-packages} do too.
		 * @param entityBinds the entity binds
		 * @return this builder
		 */
		public Builder entityBinds(EntityBinds entityBinds) {
			Assert.notNull(entityBinds, "EntityBinds must not be null");
			this.entityBinds = entityBinds;
			return this;
		}

		/**
		 * Build the factory. Does no I/O.
		 * @return the factory
		 * @throws IllegalArgumentException when the template or transaction manager use
		 * another connection factory
		 * @throws IllegalStateException when no key was set
		 */
		public ReactiveSessionFactory build() {
			Assert.state(this.key != null, "The key of the bind must be set, e.g. key(\"sa_main\")");
			R2dbcDialect dialect = DialectResolver.getDialect(this.connectionFactory);
			R2dbcEntityTemplate template = (this.entityTemplate != null) ? this.entityTemplate
					: defaultTemplate(this.connectionFactory, dialect, this.cacheInsertStatements);
			Assert.isTrue(template.getDatabaseClient().getConnectionFactory() == this.connectionFactory,
					() -> "Entity template of bind '%s' must use the bind's connection factory".formatted(this.key));
			R2dbcTransactionManager manager = (this.transactionManager != null) ? this.transactionManager
					: new R2dbcTransactionManager(this.connectionFactory);
			Assert.isTrue(manager.getConnectionFactory() == this.connectionFactory,
					() -> "Transaction manager of bind '%s' must manage the bind's connection factory"
						.formatted(this.key));
			boolean autocommitReads = (this.autocommitReads != null) ? this.autocommitReads
					: dialect instanceof PostgresDialect || dialect instanceof H2Dialect;
			return new ReactiveSessionFactory(this, template, manager, dialect, autocommitReads);
		}

		private static R2dbcEntityTemplate defaultTemplate(ConnectionFactory connectionFactory, R2dbcDialect dialect,
				boolean cacheInsertStatements) {
			R2dbcCustomConversions conversions = R2dbcCustomConversions.of(dialect, MySqlConverters.forDialect(dialect));
			R2dbcMappingContext mappingContext = new R2dbcMappingContext();
			mappingContext.setSimpleTypeHolder(conversions.getSimpleTypeHolder());
			DatabaseClient client = DatabaseClient.builder()
				.connectionFactory(connectionFactory)
				.bindMarkers(dialect.getBindMarkersFactory())
				.build();
			MappingR2dbcConverter converter = new MappingR2dbcConverter(mappingContext, conversions);
			return new R2dbcEntityTemplate(client, cacheInsertStatements ? new SessionDataAccessStrategy(dialect, converter)
					: new DefaultReactiveDataAccessStrategy(dialect, converter));
		}

	}

}
