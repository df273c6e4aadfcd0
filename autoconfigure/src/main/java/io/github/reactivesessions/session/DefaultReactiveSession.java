package io.github.reactivesessions.session;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.R2dbcPermissionDeniedException;
import io.r2dbc.spi.R2dbcTimeoutException;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

import org.springframework.core.convert.ConversionService;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.mapping.PersistentPropertyAccessor;
import org.springframework.data.r2dbc.core.R2dbcEntityOperations;
import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.data.relational.core.mapping.RelationalPersistentEntity;
import org.springframework.data.relational.core.mapping.RelationalPersistentProperty;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.data.relational.core.query.Query;
import org.springframework.data.relational.core.query.Update;
import org.springframework.data.relational.core.sql.SqlIdentifier;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionDefinition;

/**
 * Default {@link ReactiveSession}: a unit of work whose transactions are Spring reactive
 * transactions of the bind's {@link R2dbcTransactionManager}, kept in a transaction context
 * of the session's own (or in the caller's, when it joins a running Spring transaction).
 */
final class DefaultReactiveSession implements ReactiveSession {

	private static final boolean READS = false;

	private static final boolean WRITES = true;

	// Whether a call may run code of the session's caller, which then must not call the
	// session (see SessionLock.Guard#runToEnd): the functions given to sql(...), and the
	// entity callbacks the template runs when it reads or saves an entity. A commit or
	// rollback runs it when a transaction synchronization was registered.
	private static final boolean CALLER_CODE = true;

	private static final boolean OWN_CODE = false;

	private final ReactiveSessionFactory factory;

	private final R2dbcEntityTemplate template;

	private final R2dbcTransactionManager transactionManager;

	private final ConnectionFactory connectionFactory;

	private final UnitOfWork unitOfWork;

	private final SelectStatements selects;

	private final SessionLock lock;

	private final TransactionDefinition definition;

	private final TransactionDefinition nestedDefinition;

	private final SessionListener listener;

	private volatile @Nullable SessionTransaction transaction;

	private @Nullable R2dbcEntityOperations operations;

	private volatile boolean closed;

	// Created once: a begin block maps its failure with it.
	private final Function<Throwable, Throwable> blockFailures = this::blockFailure;

	DefaultReactiveSession(ReactiveSessionFactory factory) {
		this.factory = factory;
		this.template = factory.entityTemplate();
		this.transactionManager = factory.transactionManager();
		this.connectionFactory = factory.connectionFactory();
		this.unitOfWork = new UnitOfWork(factory.key(), this.template.getDataAccessStrategy(), factory.entityTypes());
		this.selects = factory.selects();
		this.definition = factory.transactionDefinition();
		this.nestedDefinition = factory.nestedTransactionDefinition();
		this.lock = new SessionLock(factory.key(), this::failure);
		this.listener = factory.listener();
		this.listener.sessionOpened(factory.key());
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
	public boolean inTransaction() {
		return this.transaction != null;
	}

	@Override
	public boolean inBegin() {
		SessionTransaction tx = this.transaction;
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
		return this.lock.guardMono((guard) -> {
			if (!this.unitOfWork.hasChanges()) {
				return Mono.empty();
			}
			return currentTransaction(guard).flatMap((tx) -> flushChanges(guard, tx));
		});
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
			return statement(true, READS, CALLER_CODE,
					() -> this.selects.selectById(persistentEntity, type, entityKey.id()))
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
			return statement(false, READS, CALLER_CODE, () -> this.selects.selectById(persistentEntity, type, id))
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
		return statements(true, READS, CALLER_CODE, () -> this.selects.select(type, query)).map(this.unitOfWork::merge);
	}

	@Override
	public <T> Mono<T> selectOne(Class<T> type, Query query) {
		return statement(true, READS, CALLER_CODE, () -> this.template.selectOne(query, type)).map(this.unitOfWork::merge);
	}

	@Override
	public Mono<Long> count(Class<?> type, Query query) {
		return statement(true, READS, OWN_CODE, () -> this.selects.count(type, query));
	}

	@Override
	public Mono<Long> update(Class<?> type, Query query, Update update) {
		if (isReadOnly()) {
			return Mono.error(new ReadOnlySessionException(key(), "update " + type.getSimpleName() + " rows"));
		}
		return statement(true, WRITES, OWN_CODE, () -> this.template.update(query, update, type));
	}

	@Override
	public Mono<Long> delete(Class<?> type, Query query) {
		if (isReadOnly()) {
			return Mono.error(new ReadOnlySessionException(key(), "delete " + type.getSimpleName() + " rows"));
		}
		return statement(true, WRITES, OWN_CODE, () -> this.template.delete(query, type));
	}

	@Override
	public DatabaseClient.GenericExecuteSpec sql(String sql) {
		return new SessionExecuteSpec(this, this.template.getDatabaseClient().sql(sql));
	}

	@Override
	public synchronized R2dbcEntityOperations operations() {
		R2dbcEntityOperations operations = this.operations;
		if (operations == null) {
			DatabaseClient client = DatabaseClient.builder()
				.connectionFactory(new SessionConnectionFactory(this, this.connectionFactory))
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
		return BeginObservation.observe(Mono.usingWhen(beginTransaction(),
				(tx) -> work.apply(this).contextWrite(scopeOf(tx)),
				(tx) -> end(tx, Completion.COMMIT), (tx, error) -> end(tx, Completion.ROLLBACK_ON_ERROR),
				(tx) -> end(tx, Completion.ROLLBACK_ON_CANCEL))
			.onErrorMap(this.blockFailures), this.factory.observationRegistry(), key());
	}

	@Override
	public <T> Flux<T> beginMany(Function<? super ReactiveSession, ? extends Publisher<T>> work) {
		return BeginObservation.observeMany(Flux.usingWhen(beginTransaction(),
				(tx) -> Flux.defer(() -> work.apply(this)).contextWrite(scopeOf(tx)),
				(tx) -> end(tx, Completion.COMMIT), (tx, error) -> end(tx, Completion.ROLLBACK_ON_ERROR),
				(tx) -> end(tx, Completion.ROLLBACK_ON_CANCEL))
			.onErrorMap(this.blockFailures), this.factory.observationRegistry(), key());
	}

	@Override
	public <T> Mono<T> beginNested(Function<? super ReactiveSession, ? extends Mono<T>> work) {
		return Mono.usingWhen(openSavepoint(),
				(nested) -> Mono.defer(() -> work.apply(this)).contextWrite(scopeOf(nested.transaction())),
				(nested) -> this.lock.guardMono((guard) -> releaseSavepoint(guard, nested)),
				(nested, error) -> this.lock.guardMono((guard) -> rollbackSavepoint(guard, nested)),
				(nested) -> this.lock.guardMono((guard) -> rollbackSavepoint(guard, nested)))
			.onErrorMap(this.blockFailures);
	}

	@Override
	public Mono<Void> commit() {
		return this.lock.guardMono((guard) -> {
			SessionTransaction tx = this.transaction;
			if (tx != null && tx.explicit()) {
				return Mono.error(insideBegin("commit()"));
			}
			if (tx != null) {
				return complete(guard, tx, Completion.COMMIT);
			}
			if (!this.unitOfWork.hasChanges()) {
				return Mono.empty();
			}
			return currentTransaction(guard).flatMap((current) -> complete(guard, current, Completion.COMMIT));
		});
	}

	@Override
	public Mono<Void> rollback() {
		return this.lock.guardMono((guard) -> {
			SessionTransaction tx = this.transaction;
			if (tx == null) {
				this.unitOfWork.clear();
				return Mono.empty();
			}
			if (tx.explicit()) {
				return Mono.error(insideBegin("rollback()"));
			}
			return complete(guard, tx, Completion.ROLLBACK);
		});
	}

	@Override
	public Mono<Void> close() {
		return Mono.defer(() -> {
			if (closeIfIdle()) {
				return Mono.empty();
			}
			// A streamed statement whose subscriber has stopped asking for rows (a client gone
			// while its body was written) is drained and fails, rather than keep the close,
			// and the connection, waiting for ever.
			return this.lock.guardClose((guard) -> {
				this.closed = true;
				SessionTransaction tx = this.transaction;
				Mono<Void> end = (tx != null) ? complete(guard, tx, Completion.CLOSE) : Mono.empty();
				return end.doFinally((signal) -> this.unitOfWork.clear());
			}, this::closedError);
		});
	}

	/**
	 * Close the session at once when it has no transaction and no statement running, as
	 * most sessions end (a request that never queried, or whose begin block or commit is
	 * over), rather than queueing on the lock.
	 * @return whether the session is now closed
	 */
	boolean closeIfIdle() {
		return this.lock.runIfFree(this::closeWithoutTransaction);
	}

	/**
	 * Close the session when it has no transaction; called while no one holds the lock.
	 */
	private boolean closeWithoutTransaction() {
		if (this.transaction != null) {
			return false;
		}
		this.closed = true;
		this.unitOfWork.clear();
		return true;
	}

	@Override
	public String toString() {
		return "ReactiveSession[key=" + key() + ", transaction=" + (inTransaction() ? "open" : "none")
				+ (this.closed ? ", closed" : "") + "]";
	}

	// Package-private hooks for SessionExecuteSpec and SessionConnectionFactory

	/**
	 * Run a statement publisher on the session's connection: serialised, after autoflush,
	 * inside the session's transaction (opened if needed). The statement may write.
	 */
	<T> Flux<T> statements(boolean flushFirst, Supplier<? extends Publisher<T>> statement) {
		return statements(flushFirst, WRITES, CALLER_CODE, statement);
	}

	/**
	 * Mono variant of {@link #statements(boolean, Supplier)}.
	 */
	<T> Mono<T> statement(boolean flushFirst, Supplier<? extends Mono<T>> statement) {
		return statement(flushFirst, WRITES, CALLER_CODE, statement);
	}

	private <T> Flux<T> statements(boolean flushFirst, boolean mayWrite, boolean callerCode,
			Supplier<? extends Publisher<T>> statement) {
		return this.lock.guard((guard) -> {
			SessionTransaction tx = readyTransaction(flushFirst);
			return (tx != null) ? runStatements(guard, tx, mayWrite, callerCode, statement)
					: transactionFor(guard, flushFirst)
						.flatMapMany((current) -> runStatements(guard, current, mayWrite, callerCode, statement));
		});
	}

	private <T> Mono<T> statement(boolean flushFirst, boolean mayWrite, boolean callerCode,
			Supplier<? extends Mono<T>> statement) {
		return this.lock.guardMono((guard) -> {
			SessionTransaction tx = readyTransaction(flushFirst);
			return (tx != null) ? runStatement(guard, tx, mayWrite, callerCode, statement)
					: transactionFor(guard, flushFirst)
						.flatMap((current) -> runStatement(guard, current, mayWrite, callerCode, statement));
		});
	}

	private <T> Flux<T> runStatements(SessionLock.Guard guard, SessionTransaction tx, boolean mayWrite,
			boolean callerCode, Supplier<? extends Publisher<T>> statement) {
		tx.statementRuns(mayWrite);
		return guard.runToEnd(statement.get(), tx.scope().isWrittenIn(guard.caller()) ? null : scopeOf(tx),
				callerCode);
	}

	/**
	 * Run a statement in its transaction's scope, written into its context unless the caller
	 * runs in it already (inside {@code begin}).
	 */
	private <T> Mono<T> runStatement(SessionLock.Guard guard, SessionTransaction tx, boolean mayWrite,
			boolean callerCode, Supplier<? extends Mono<T>> statement) {
		tx.statementRuns(mayWrite);
		return guard.runToEnd(statement.get(), tx.scope().isWrittenIn(guard.caller()) ? null : scopeOf(tx),
				callerCode);
	}

	/**
	 * The connection of the session's transaction, opened if needed, after a flush. What
	 * runs on it is unknown, so it counts as a write.
	 */
	Mono<Connection> connection() {
		return this.lock.guardMono((guard) -> currentTransaction(guard)
			.flatMap((tx) -> flushChanges(guard, tx).then(Mono.fromSupplier(() -> {
				tx.statementRuns(WRITES);
				return tx.connection(this.connectionFactory);
			}))));
	}

	// Internals; callers hold the lock

	/**
	 * The session's transaction, opened if needed, with the pending changes flushed first
	 * when asked: the general path of a statement.
	 */
	private Mono<SessionTransaction> transactionFor(SessionLock.Guard guard, boolean flushFirst) {
		Mono<SessionTransaction> current = currentTransaction(guard);
		return flushFirst ? current.flatMap((tx) -> flushChanges(guard, tx).thenReturn(tx)) : current;
	}

	/**
	 * The session's transaction when a statement can run in it at once: open, not failed,
	 * and, when it flushes first, an empty unit of work (held entities go the general way,
	 * whose flush does the one dirty check). The common case, taken without assembling the
	 * operators of the general path (each of which a request pays for).
	 */
	private @Nullable SessionTransaction readyTransaction(boolean flushFirst) {
		SessionTransaction tx = this.transaction;
		if (tx == null || this.closed || tx.failed() || (flushFirst && !this.unitOfWork.isEmpty())) {
			return null;
		}
		return tx;
	}

	private Mono<SessionTransaction> currentTransaction(SessionLock.Guard guard) {
		if (this.closed) {
			return Mono.error(closedError());
		}
		SessionTransaction tx = this.transaction;
		if (tx == null) {
			return openTransaction(guard, null);
		}
		if (tx.failed()) {
			return Mono.error(pendingRollback());
		}
		return Mono.just(tx);
	}

	private Mono<SessionTransaction> beginTransaction() {
		// One tracker per subscription: a begin Mono may be subscribed again (a retry).
		return Mono.defer(() -> {
			OpeningTransaction opening = new OpeningTransaction();
			return this.lock.guardMono((guard) -> {
				if (this.closed) {
					return Mono.error(closedError());
				}
				if (this.transaction != null) {
					return Mono.error(new IllegalStateException(("Session '%s' already has a transaction open: "
							+ "use beginNested(...) for a SAVEPOINT inside it, or end it with commit() or rollback() "
							+ "before begin(...)").formatted(key())));
				}
				return openTransaction(guard, opening);
			}, opening);
		});
	}

	/**
	 * A begin block cancelled while its transaction was being opened never gets it: roll it
	 * back, so that the session does not keep a transaction no block will end.
	 */
	private void abandoned(SessionTransaction tx) {
		end(tx, Completion.ROLLBACK_ON_CANCEL).subscribe(null, (ex) -> {
			// Nobody waits for this rollback; the transaction has ended either way.
		});
	}

	private Mono<SessionTransaction> openTransaction(SessionLock.Guard guard, @Nullable OpeningTransaction opening) {
		TransactionScopes.Scope joined = TransactionScopes.joinable(guard.caller(), this.connectionFactory);
		// A scope of its own for each transaction: Spring code that outlives a block still
		// holds its scope, and must not find a later transaction of the session in it.
		TransactionScopes.Scope scope = (joined != null) ? joined : TransactionScopes.newScope();
		return guard.runToEnd(this.transactionManager.getReactiveTransaction(this.definition)
			.map((status) -> {
				SessionTransaction tx = new SessionTransaction(status, scope, joined != null, opening != null);
				this.transaction = tx;
				if (opening != null) {
					opening.opened(tx);
				}
				if (!tx.joined()) {
					this.listener.connectionAcquired(key());
				}
				return tx;
			}), scope, OWN_CODE)
			.onErrorMap(this::connectionUnavailable);
	}

	private Mono<Void> end(SessionTransaction tx, Completion completion) {
		return this.lock.guardMono((guard) -> {
			if (this.transaction != tx) {
				return (completion == Completion.COMMIT) ? Mono.error(new IllegalStateException(
						"Session '%s': the transaction of begin(...) was ended inside the block".formatted(key())))
						: Mono.empty();
			}
			return complete(guard, tx, completion);
		});
	}

	private Mono<Void> complete(SessionLock.Guard guard, SessionTransaction tx, Completion completion) {
		if (completion == Completion.COMMIT) {
			if (tx.failed()) {
				return complete(guard, tx, Completion.ROLLBACK_ON_ERROR).then(Mono.error(pendingRollback()));
			}
			if (nothingToFlush()) {
				// The commit of most reads goes without the flush's operators.
				return commitCall(guard, tx);
			}
			return flushChanges(guard, tx)
				.onErrorResume(
						(ex) -> complete(guard, tx, Completion.ROLLBACK_ON_ERROR).onErrorComplete().then(Mono.error(ex)))
				// Assembled once the flush has run: the entity callbacks it ran may have
				// registered transaction synchronizations.
				.then(Mono.defer(() -> commitCall(guard, tx)));
		}
		if (completion == Completion.CLOSE && tx.joined()) {
			// The joined transaction belongs to its owner: leave it as it is.
			ended(tx, false);
			return Mono.empty();
		}
		// A transaction that only read ends with COMMIT when the session closes: the same
		// outcome as ROLLBACK, and H2 keeps the statements it parsed, which a ROLLBACK throws
		// away (every statement of the connection's next transaction is parsed again). Not
		// for begin blocks: Spring code joining one can write without the session knowing.
		boolean onlyRead = completion == Completion.CLOSE && !tx.explicit() && !tx.mayHaveWritten();
		Mono<Void> end = onlyRead ? this.transactionManager.commit(tx.status())
				: this.transactionManager.rollback(tx.status());
		return guard.runToEnd(end, scopeOf(tx), hasSynchronizations(tx), (error, failedOnSubscribe) -> {
			try {
				rolledBack(tx, completion.cause());
			}
			finally {
				ended(tx, false);
			}
		});
	}

	/**
	 * The call that commits the transaction, marked as running the caller's code when Spring
	 * code has registered transaction synchronizations by now.
	 */
	private Mono<Void> commitCall(SessionLock.Guard guard, SessionTransaction tx) {
		return guard.runToEnd(this.transactionManager.commit(tx.status()), scopeOf(tx), hasSynchronizations(tx),
				(error, failedOnSubscribe) -> {
					try {
						if (error == null) {
							committed(tx);
						}
						else {
							rolledBack(tx, SessionListener.RollbackCause.ERROR);
						}
					}
					finally {
						// The transaction has ended, whatever a listener did.
						ended(tx, !this.factory.isExpireOnCommit());
					}
					if (error != null && !failedOnSubscribe && DatabaseFailures.isConnectionLost(error)) {
						// The COMMIT may have left before the connection broke: thrown to the
						// commit's caller in place of the driver's error. (One the driver
						// refused at once, on a connection it knew was closed, never left: the
						// lock reports that as a lost connection, nothing committed.)
						throw commitOutcomeUnknown(error);
					}
				});
	}

	/**
	 * Whether a flush would write nothing, checked when the commit runs as the flush would
	 * check it. A dirty check that fails (an entity's getter or {@code equals} throwing) is
	 * left to the flush, which rolls the transaction back.
	 */
	private boolean nothingToFlush() {
		try {
			return !this.unitOfWork.hasChanges();
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	/**
	 * Whether Spring code has registered transaction synchronizations, which a commit or
	 * rollback runs: code of the caller's, unlike the rest of a commit.
	 */
	private static boolean hasSynchronizations(SessionTransaction tx) {
		Set<?> synchronizations = tx.scope().transactionContext().getSynchronizations();
		return synchronizations != null && !synchronizations.isEmpty();
	}

	private void ended(SessionTransaction tx, boolean keepEntities) {
		if (this.transaction == tx) {
			this.transaction = null;
			if (!tx.joined() && this.listener != ReactiveSessionFactory.NO_LISTENER) {
				this.listener.connectionReleased(key(), System.nanoTime() - tx.startNanos());
			}
		}
		if (!keepEntities) {
			this.unitOfWork.clear();
		}
	}

	private Mono<NestedTransaction> openSavepoint() {
		return this.lock.guardMono((guard) -> currentTransaction(guard)
			.flatMap((tx) -> flushChanges(guard, tx)
				.then(guard.runToEnd(this.transactionManager.getReactiveTransaction(this.nestedDefinition)
					.map((status) -> {
						// The block's Spring code joins the transaction unseen by the session.
						tx.statementRuns(WRITES);
						SessionTransaction.Savepoint savepoint = new SessionTransaction.Savepoint(status,
								this.unitOfWork.save());
						tx.savepoints().push(savepoint);
						return new NestedTransaction(tx, savepoint);
					}), scopeOf(tx), OWN_CODE))))
			.doOnDiscard(NestedTransaction.class, this::abandoned);
	}

	/**
	 * A beginNested block cancelled while its savepoint was being set never gets it: roll
	 * back to it, unless its transaction has ended meanwhile.
	 */
	private void abandoned(NestedTransaction nested) {
		this.lock.guardMono((guard) -> {
			SessionTransaction tx = nested.transaction();
			boolean open = this.transaction == tx && tx.savepoints().contains(nested.savepoint());
			return open ? rollbackSavepoint(guard, nested) : Mono.<Void>empty();
		}).subscribe(null, (ex) -> {
			// Nobody waits for this rollback; the outer transaction ends it at the latest.
		});
	}

	private Mono<Void> releaseSavepoint(SessionLock.Guard guard, NestedTransaction nested) {
		SessionTransaction.Savepoint savepoint = nested.savepoint();
		if (savepoint.failed()) {
			return rollbackSavepoint(guard, nested).then(Mono.error(pendingRollback()));
		}
		return flushChanges(guard, nested.transaction())
			.onErrorResume((ex) -> rollbackSavepoint(guard, nested).onErrorComplete().then(Mono.error(ex)))
			.then(guard.runToEnd(this.transactionManager.commit(savepoint.status()), scopeOf(nested.transaction()),
					OWN_CODE, (error, failedOnSubscribe) -> nested.transaction().savepoints().remove(savepoint)));
	}

	private Mono<Void> rollbackSavepoint(SessionLock.Guard guard, NestedTransaction nested) {
		SessionTransaction.Savepoint savepoint = nested.savepoint();
		return guard.runToEnd(this.transactionManager.rollback(savepoint.status()), scopeOf(nested.transaction()),
				OWN_CODE, (error, failedOnSubscribe) -> {
					nested.transaction().savepoints().remove(savepoint);
					this.unitOfWork.restore(savepoint.state());
				});
	}

	// Flush

	private Mono<Void> flushChanges(SessionLock.Guard guard, SessionTransaction tx) {
		return Mono.defer(() -> {
			if (tx.failed()) {
				return Mono.error(pendingRollback());
			}
			if (isReadOnly() && this.unitOfWork.hasChanges()) {
				return Mono.error(new ReadOnlySessionException(key(), "flush pending changes"));
			}
			List<Change> changes = this.unitOfWork.takeChanges();
			if (changes.isEmpty()) {
				return Mono.empty();
			}
			tx.statementRuns(WRITES);
			// One change (the usual flush of a request) is written without assembling a Flux.
			Mono<Void> writes = (changes.size() == 1) ? Mono.defer(() -> writeInScope(guard, changes.get(0), tx))
					: Flux.fromIterable(changes).concatMap((change) -> writeInScope(guard, change, tx)).then();
			return writes
				// The changes were taken: a flush that stops half-way leaves the transaction
				// only fit for a rollback, or a later commit would write half of them.
				.doOnError((ex) -> tx.markFailed())
				.doOnCancel(tx::markFailed);
		});
	}

	private Mono<Void> writeInScope(SessionLock.Guard guard, Change change, SessionTransaction tx) {
		// Inserting or deleting an entity runs the template's entity callbacks.
		return guard.runToEnd(write(change), scopeOf(tx), !(change instanceof Change.Update)).then();
	}

	private Mono<?> write(Change change) {
		if (change instanceof Change.Insert insert) {
			return this.template.insert(insert.entity()).doOnNext(this.unitOfWork::inserted);
		}
		if (change instanceof Change.Delete delete) {
			return this.template.delete(delete.entity()).doOnSuccess((deleted) -> this.unitOfWork.deleted(delete.entity()));
		}
		return writeUpdate((Change.Update) change);
	}

	private Mono<Long> writeUpdate(Change.Update change) {
		Object entity = change.entity();
		RelationalPersistentEntity<?> persistentEntity = this.unitOfWork.requiredEntity(entity.getClass());
		RelationalPersistentProperty idProperty = persistentEntity.getRequiredIdProperty();
		RelationalPersistentProperty versionProperty = persistentEntity.getVersionProperty();
		Criteria criteria = Criteria.where(idProperty.getName()).is(change.id());
		Map<SqlIdentifier, Object> assignments = new LinkedHashMap<>(change.changed());
		Object nextVersion = null;
		if (versionProperty != null && change.version() != null) {
			criteria = criteria.and(versionProperty.getName()).is(change.version());
			nextVersion = nextVersion(versionProperty, change.version());
			assignments.put(versionProperty.getColumnName(), Parameter.from(nextVersion));
		}
		Object newVersion = nextVersion;
		return this.template.update(Query.query(criteria), Update.from(assignments), persistentEntity.getType())
			.doOnNext((rows) -> {
				if (rows == 0 && versionProperty != null) {
					throw new OptimisticLockingFailureException(
							"Session '%s' could not update %s#%s with version %s: the row was changed or deleted by another transaction"
								.formatted(key(), persistentEntity.getType().getSimpleName(), change.id(),
										change.version()));
				}
				if (versionProperty != null && newVersion != null) {
					PersistentPropertyAccessor<Object> accessor = persistentEntity.getPropertyAccessor(entity);
					accessor.setProperty(versionProperty, newVersion);
				}
				this.unitOfWork.updated(entity);
			});
	}

	private Object nextVersion(RelationalPersistentProperty versionProperty, Object version) {
		ConversionService conversionService = this.template.getConverter().getConversionService();
		long next = ((Number) version).longValue() + 1;
		Object converted = conversionService.convert(next, versionProperty.getType());
		return (converted != null) ? converted : next;
	}

	// Helpers

	/**
	 * The failure of a begin block as its subscriber sees it: the real cause of a failed
	 * commit or rollback, and a lost connection (of Spring code in the block too) named.
	 */
	private Throwable blockFailure(Throwable ex) {
		return failure(unwrapCleanupFailure(ex));
	}

	/**
	 * The failure of an operation as its caller sees it: a connection that broke under it is
	 * a {@link ConnectionUnavailableException} naming the bind, nothing of the transaction
	 * committed, whichever exception the driver or Spring raised; others stay as they are.
	 */
	private Throwable failure(Throwable ex) {
		if (ex instanceof ConnectionUnavailableException || ex instanceof CommitOutcomeUnknownException
				|| !DatabaseFailures.isConnectionLost(ex)) {
			return ex;
		}
		return logged("connection lost", new ConnectionUnavailableException(key(), ("Session '%s' lost its connection "
				+ "to the database; nothing of its transaction was committed").formatted(key()), ("Session '%s' lost its "
				+ "connection to the database: %s; nothing of its transaction was committed").formatted(key(), reason(ex)),
				ex));
	}

	private CommitOutcomeUnknownException commitOutcomeUnknown(Throwable ex) {
		return logged("commit outcome unknown", new CommitOutcomeUnknownException(key(), ("Session '%s' lost its "
				+ "connection while its commit was on the way; the transaction may or may not have committed")
			.formatted(key()), ("Session '%s' lost its connection while its commit was on the way: %s; the transaction "
					+ "may or may not have committed, so check what was written before doing the work again")
				.formatted(key(), reason(ex)), ex));
	}

	private <E extends Throwable> E logged(String kind, E failure) {
		this.factory.failureLog().warn(kind, failure);
		return failure;
	}

	/**
	 * The driver's message of the deepest cause that has one.
	 */
	private static String reason(Throwable ex) {
		String reason = ex.getMessage();
		for (Throwable cause = ex.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
			if (cause.getMessage() != null) {
				reason = cause.getMessage();
			}
		}
		return String.valueOf(reason);
	}

	/**
	 * Reactor reports a failure of the commit or rollback step of {@code usingWhen} wrapped
	 * in a "Async resource cleanup failed" exception; callers want the real cause (a
	 * constraint violated at commit, for example), as Spring's TransactionalOperator gives.
	 */
	private static Throwable unwrapCleanupFailure(Throwable ex) {
		String message = ex.getMessage();
		if (ex.getCause() != null && message != null && message.startsWith("Async resource cleanup failed")) {
			return ex.getCause();
		}
		return ex;
	}

	private static Function<Context, Context> scopeOf(SessionTransaction tx) {
		return tx.scope();
	}

	private void assertOpen() {
		if (this.closed) {
			throw closedError();
		}
	}

	private IllegalStateException closedError() {
		return new IllegalStateException(("Session '%s' is closed: open a new session (the request or block it "
				+ "belonged to has ended)").formatted(key()));
	}

	private IllegalStateException pendingRollback() {
		return new IllegalStateException(("Session '%s': a previous flush failed or was cancelled, so its "
				+ "transaction can only be rolled back: call rollback(), or let the begin(...) block fail")
			.formatted(key()));
	}

	private IllegalStateException insideBegin(String call) {
		return new IllegalStateException(("Session '%s': %s inside begin(...) is not allowed; the block commits "
				+ "when its publisher completes and rolls back when it fails").formatted(key(), call));
	}

	private void committed(SessionTransaction tx) {
		if (!tx.joined()) {
			this.listener.committed(key());
		}
	}

	private void rolledBack(SessionTransaction tx, SessionListener.@Nullable RollbackCause cause) {
		if (!tx.joined() && cause != null) {
			this.listener.rolledBack(key(), cause);
		}
	}

	/**
	 * A transaction that could not begin because no connection could be had (the pool
	 * timed out, the database refused, is unreachable or refused the login, the connection
	 * broke before BEGIN) is reported as such, so that the web layer can answer 503; other
	 * failures stay as they are.
	 */
	private Throwable connectionUnavailable(Throwable ex) {
		if (!(ex instanceof CannotCreateTransactionException)) {
			return ex;
		}
		Throwable cause = ex.getCause();
		if (cause instanceof R2dbcTimeoutException) {
			return logged("no connection", new ConnectionUnavailableException(key(), ("Session '%s' got no connection: "
					+ "every connection of the bind's pool stayed in use for its max-acquire-time; retry later")
				.formatted(key()), ("Session '%s' got no connection: %s. Every connection of the bind's pool stayed in use "
						+ "for its max-acquire-time (or opening one took too long); retry later, raise the pool's "
						+ "max-size, or hold connections for less time").formatted(key(), cause.getMessage()), ex));
		}
		if (cause instanceof R2dbcPermissionDeniedException) {
			return logged("login refused", new ConnectionUnavailableException(key(),
					"Session '%s' could not log in to its database".formatted(key()), ("Session '%s' could not log in to "
							+ "its database: %s; check sa.binds.%s.username and password")
						.formatted(key(), reason(cause), key()), ex));
		}
		if (DatabaseFailures.isUnavailable(cause)) {
			return logged("no connection", new ConnectionUnavailableException(key(),
					"Session '%s' could not open a connection to its database".formatted(key()),
					"Session '%s' could not open a connection to its database: %s".formatted(key(), reason(cause)), ex));
		}
		return ex;
	}

	private enum Completion {

		COMMIT(null), ROLLBACK(SessionListener.RollbackCause.EXPLICIT),
		ROLLBACK_ON_ERROR(SessionListener.RollbackCause.ERROR), ROLLBACK_ON_CANCEL(SessionListener.RollbackCause.CANCEL),
		CLOSE(SessionListener.RollbackCause.CLOSE);

		private final SessionListener.@Nullable RollbackCause cause;

		Completion(SessionListener.@Nullable RollbackCause cause) {
			this.cause = cause;
		}

		SessionListener.@Nullable RollbackCause cause() {
			return this.cause;
		}

	}

	/**
	 * The transaction a subscription to a begin block is opening, so that a block cancelled
	 * before it got the transaction rolls it back. Tracked here rather than with
	 * {@code doOnDiscard}, whose hook would be one more Reactor Context entry for everything
	 * upstream, the pool's acquisition included: past five entries every context becomes a
	 * map, copied on each write (measured in benchmarks/HISTORY.md).
	 */
	private final class OpeningTransaction implements SessionLock.DeliveryListener {

		private @Nullable SessionTransaction opened;

		private boolean delivered;

		private boolean cancelled;

		void opened(SessionTransaction tx) {
			synchronized (this) {
				this.opened = tx;
				if (!this.cancelled) {
					return;
				}
			}
			abandoned(tx);
		}

		@Override
		public synchronized void delivered() {
			this.delivered = true;
		}

		@Override
		public void cancelled() {
			SessionTransaction tx;
			synchronized (this) {
				if (this.delivered || this.cancelled) {
					return;
				}
				this.cancelled = true;
				tx = this.opened;
			}
			if (tx != null) {
				abandoned(tx);
			}
		}

	}

	private record NestedTransaction(SessionTransaction transaction, SessionTransaction.Savepoint savepoint) {
	}

}
