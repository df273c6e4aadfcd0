package io.github.reactivesessions.session;

import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.data.r2dbc.core.R2dbcEntityOperations;
import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.data.relational.core.mapping.RelationalPersistentEntity;
import org.springframework.data.relational.core.query.Query;
import org.springframework.data.relational.core.query.Update;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.util.Assert;

/**
 * Default {@link ReactiveSession}: a unit of work whose transactions are Spring reactive
 * transactions of the bind's {@link R2dbcTransactionManager}. Its operations are serialised
 * by a {@link SessionLock}; {@link SessionTransactions} keeps the transaction's lifecycle
 * and {@link SessionStatements} runs statements in it.
 */
final class DefaultReactiveSession implements ReactiveSession {

	private final ReactiveSessionFactory factory;

	private final R2dbcEntityTemplate template;

	private final UnitOfWork unitOfWork;

	private final SelectStatements selects;

	private final SessionLock lock;

	private final SessionTransactions transactions;

	private final SessionStatements statements;

	private @Nullable R2dbcEntityOperations operations;

	DefaultReactiveSession(ReactiveSessionFactory factory, @Nullable ReplicaReads replicaReads) {
		this.factory = factory;
		this.template = factory.entityTemplate();
		this.unitOfWork = new UnitOfWork(factory.key(), this.template.getDataAccessStrategy(), factory.entityTypes());
		this.selects = factory.selects();
		this.lock = new SessionLock(factory.key(), factory.failures().operationFailures());
		this.transactions = new SessionTransactions(factory, this.lock, this.unitOfWork, replicaReads);
		this.statements = new SessionStatements(this.lock, this.transactions);
		factory.listener().sessionOpened(factory.key());
	}

	@Override
	public String key() {
		return this.factory.key();
	}

	@Override
	public boolean isReadOnly() {
		return this.factory.isReadOnly();
	}

	@Override
	public ReactiveSession usePrimary() {
		this.transactions.usePrimary();
		return this;
	}

	@Override
	public @Nullable String replica() {
		return this.transactions.replicaName();
	}

	@Override
	public boolean inTransaction() {
		return this.transactions.current() != null;
	}

	@Override
	public boolean inBegin() {
		SessionTransaction tx = this.transactions.current();
		return tx != null && tx.explicit();
	}

	// Unit of work: no I/O

	@Override
	public <T> T add(T entity) {
		assertOpen();
		this.unitOfWork.add(entity);
		return entity;
	}

	@Override
	public void addAll(Iterable<?> entities) {
		entities.forEach(this::add);
	}

	@Override
	public void delete(Object entity) {
		assertOpen();
		this.unitOfWork.delete(entity);
	}

	@Override
	public boolean contains(Object entity) {
		return this.unitOfWork.contains(entity);
	}

	@Override
	public void expunge(Object entity) {
		this.unitOfWork.expunge(entity);
	}

	// Statements

	@Override
	public Mono<Void> flush() {
		return this.transactions.flush();
	}

	@Override
	public <T> Mono<T> get(Class<T> type, Object id) {
		return Mono.defer(() -> {
			EntityKey entityKey = this.unitOfWork.keyOf(type, id);
			Object held = this.unitOfWork.find(entityKey);
			if (held != null) {
				return Mono.just(type.cast(held));
			}
			RelationalPersistentEntity<?> persistentEntity = this.unitOfWork.requiredEntity(type);
			return this.statements
				.one(true, SessionTransaction.READS, Guard.CALLER_CODE, () -> this.selects.selectById(persistentEntity, type, entityKey.id()))
				.map(this.unitOfWork::merge);
		});
	}

	@Override
	public <T> Mono<T> refresh(T entity) {
		return Mono.defer(() -> {
			RelationalPersistentEntity<?> persistentEntity = this.unitOfWork.requiredEntity(entity.getClass());
			Object id = this.unitOfWork.idOf(persistentEntity, entity);
			if (id == null) {
				return Mono.error(new IllegalArgumentException("Session '%s' cannot refresh a %s that has no id"
					.formatted(key(), persistentEntity.getType().getSimpleName())));
			}
			Class<?> type = persistentEntity.getType();
			return this.statements
				.one(false, SessionTransaction.READS, Guard.CALLER_CODE, () -> this.selects.selectById(persistentEntity, type, id))
				.switchIfEmpty(Mono.error(() -> new EmptyResultDataAccessException(
						"Session '%s' cannot refresh %s#%s: the row no longer exists"
							.formatted(key(), type.getSimpleName(), id), 1)))
				.map((loaded) -> {
					this.unitOfWork.copyProperties(loaded, entity);
					this.unitOfWork.refreshed(entity);
					return entity;
				});
		});
	}

	@Override
	public <T> Flux<T> select(Class<T> type, Query query) {
		RuntimeException wrongBind = this.factory.entityTypes().checkBind(type);
		if (wrongBind != null) {
			return Flux.error(wrongBind);
		}
		return this.statements.many(true, SessionTransaction.READS, Guard.CALLER_CODE, () -> this.selects.select(type, query))
			.map(this.unitOfWork::merge);
	}

	@Override
	public <T> Mono<T> selectOne(Class<T> type, Query query) {
		RuntimeException wrongBind = this.factory.entityTypes().checkBind(type);
		if (wrongBind != null) {
			return Mono.error(wrongBind);
		}
		return this.statements.one(true, SessionTransaction.READS, Guard.CALLER_CODE, () -> this.template.selectOne(query, type))
			.map(this.unitOfWork::merge);
	}

	@Override
	public Mono<Long> count(Class<?> type, Query query) {
		RuntimeException wrongBind = this.factory.entityTypes().checkBind(type);
		if (wrongBind != null) {
			return Mono.error(wrongBind);
		}
		return this.statements.one(true, SessionTransaction.READS, Guard.OWN_CODE, () -> this.selects.count(type, query));
	}

	@Override
	public Mono<Long> update(Class<?> type, Query query, Update update) {
		if (isReadOnly()) {
			return Mono.error(new ReadOnlySessionException(key(), "update " + type.getSimpleName() + " rows"));
		}
		RuntimeException wrongBind = this.factory.entityTypes().checkBind(type);
		if (wrongBind != null) {
			return Mono.error(wrongBind);
		}
		return this.statements.one(true, SessionTransaction.WRITES, Guard.OWN_CODE, () -> this.template.update(query, update, type));
	}

	@Override
	public Mono<Long> delete(Class<?> type, Query query) {
		if (isReadOnly()) {
			return Mono.error(new ReadOnlySessionException(key(), "delete " + type.getSimpleName() + " rows"));
		}
		RuntimeException wrongBind = this.factory.entityTypes().checkBind(type);
		if (wrongBind != null) {
			return Mono.error(wrongBind);
		}
		return this.statements.one(true, SessionTransaction.WRITES, Guard.OWN_CODE, () -> this.template.delete(query, type));
	}

	@Override
	public DatabaseClient.GenericExecuteSpec sql(String sql) {
		return new SessionExecuteSpec(this.statements.sql(sql), this.template.getDatabaseClient().sql(sql));
	}

	@Override
	public synchronized R2dbcEntityOperations operations() {
		R2dbcEntityOperations operations = this.operations;
		if (operations == null) {
			DatabaseClient client = DatabaseClient.builder()
				.connectionFactory(new SessionConnectionFactory(this.statements, this.factory.connectionFactory()))
				.bindMarkers(this.factory.dialect().getBindMarkersFactory())
				.build();
			operations = new R2dbcEntityTemplate(client, this.template.getDataAccessStrategy());
			this.operations = operations;
		}
		return operations;
	}

	// Transactions

	@Override
	public <T> Mono<T> begin(Function<? super ReactiveSession, ? extends Mono<T>> work) {
		return this.transactions.begin(this, BeginOptions.defaults(), work);
	}

	@Override
	public <T> Mono<T> begin(BeginOptions options, Function<? super ReactiveSession, ? extends Mono<T>> work) {
		Assert.notNull(options, "BeginOptions must not be null");
		return this.transactions.begin(this, options, work);
	}

	@Override
	public <T> Flux<T> beginMany(Function<? super ReactiveSession, ? extends Publisher<T>> work) {
		return this.transactions.beginMany(this, work);
	}

	@Override
	public <T> Mono<T> beginNested(Function<? super ReactiveSession, ? extends Mono<T>> work) {
		// Created for the block: most sessions never nest.
		return new SessionSavepoints(this.factory, this.lock, this.unitOfWork, this.transactions).beginNested(this,
				work);
	}

	@Override
	public Mono<Void> commit() {
		return this.transactions.commit();
	}

	@Override
	public Mono<Void> rollback() {
		return this.transactions.rollback();
	}

	@Override
	public Mono<Void> close() {
		return this.transactions.close();
	}

	/**
	 * Close the session at once when it has no transaction and no statement running, as
	 * most sessions end, rather than queueing on the lock.
	 * @return whether the session is now closed
	 */
	boolean closeIfIdle() {
		return this.transactions.closeIfIdle();
	}

	@Override
	public String toString() {
		return "ReactiveSession[key=" + key() + ", transaction=" + (inTransaction() ? "open" : "none")
				+ (this.transactions.isClosed() ? ", closed" : "") + "]";
	}

	private void assertOpen() {
		if (this.transactions.isClosed()) {
			throw this.factory.failures().closed();
		}
	}

}
