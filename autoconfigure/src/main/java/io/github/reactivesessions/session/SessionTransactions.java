package io.github.reactivesessions.session;

import java.util.Set;
import java.util.function.Function;

import io.r2dbc.spi.ConnectionFactory;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.r2dbc.dialect.H2Dialect;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Isolation;

/**
 * The transaction lifecycle of one session: its Spring reactive transaction (of the
 * bind's {@link R2dbcTransactionManager}, in a transaction context of the session's own or
 * the caller's, when it joins a running Spring transaction), opened on the first statement
 * or by {@code begin} (on a bind with autocommit-reads, by the first statement that
 * writes: reads run outside a transaction until then), and how it ends: commit (after a flush), rollback, or the close of
 * the session ({@link SessionSavepoints} keeps the savepoints of {@code beginNested}).
 * What changes the transaction runs under the session's {@link SessionLock}, and methods
 * taking a {@link Guard} expect the caller to hold it; {@link #current()} and
 * {@link #isClosed()} only read, without it.
 *
 * <p>A session opened with {@link ReplicaReads} opens its transactions for reads on the
 * replica they give, read-only, with the replica's transaction manager; the replica's
 * connection is also bound in the transaction's context under the bind's connection
 * factory, so that the bind's template and Spring code inside the transaction find it. The
 * first write ends such a transaction (it only read) and moves the session to the primary.
 */
final class SessionTransactions {

	private final ReactiveSessionFactory factory;

	private final SessionLock lock;

	private final UnitOfWork unitOfWork;

	private final SessionFailures failures;

	private final SessionFlush flush;

	private final R2dbcTransactionManager transactionManager;

	private final ConnectionFactory connectionFactory;

	private final TransactionDefinition definition;

	private final SessionListener listener;

	private final boolean autocommitReads;

	// Where the session reads, for a session opened with replica reads.
	private final @Nullable SessionReplicas replicas;

	private volatile @Nullable SessionTransaction transaction;

	// Guarded by the lock: the session has opened a transaction, so that its reads no longer
	// run outside one.
	private boolean transactional;

	private volatile boolean closed;

	SessionTransactions(ReactiveSessionFactory factory, SessionLock lock, UnitOfWork unitOfWork,
			@Nullable ReplicaReads replicaReads) {
		this.factory = factory;
		this.replicas = (replicaReads != null) ? new SessionReplicas(factory.key(), replicaReads) : null;
		this.lock = lock;
		this.unitOfWork = unitOfWork;
		this.failures = factory.failures();
		this.flush = factory.flush();
		this.transactionManager = factory.transactionManager();
		this.connectionFactory = factory.connectionFactory();
		this.definition = factory.transactionDefinition();
		this.listener = factory.listener();
		this.autocommitReads = factory.isAutocommitReads();
	}

	@Nullable SessionTransaction current() {
		return this.transaction;
	}

	boolean isClosed() {
		return this.closed;
	}

	/**
	 * The bind's connection factory, under which the connection of the session's
	 * transaction is bound (a replica's too).
	 */
	ConnectionFactory connectionFactory() {
		return this.connectionFactory;
	}

	// Replicas

	/**
	 * The name of the replica the session reads on, or {@code null} for the primary.
	 */
	@Nullable String replicaName() {
		return (this.replicas != null) ? this.replicas.name(this.transaction) : null;
	}

	/**
	 * Read on the primary from now on; the read-only transaction of a replica the session
	 * holds ends at its next statement.
	 */
	void usePrimary() {
		if (this.replicas != null) {
			this.replicas.usePrimary(this.transaction);
		}
	}

	private @Nullable Replica replicaFor(Guard guard, boolean write) {
		return (this.replicas != null) ? this.replicas.forTransaction(guard.caller(), this.connectionFactory, write)
				: null;
	}

	private boolean mustLeaveReplica(SessionTransaction tx, boolean mayWrite, boolean flushFirst) {
		return this.replicas != null && this.replicas.mustLeave(tx, mayWrite, flushFirst, () -> !nothingToFlush());
	}

	/**
	 * End the session's read-only transaction on a replica (it only read: committed, and a
	 * commit that fails loses nothing) and open one on the primary, keeping the session's
	 * entities; inside a begin block the transaction cannot move, and the write fails.
	 */
	private Mono<SessionTransaction> leaveReplica(Guard guard, SessionTransaction tx, String what) {
		Replica from = tx.replica();
		if (tx.explicit()) {
			return Mono.error(new ReplicaWriteException(this.factory.key(), from.name(), what));
		}
		this.replicas.movedToPrimary();
		return guard.runToEnd(from.transactionManager().commit(tx.status()), tx.scope(), false,
				(error, failedOnSubscribe) -> commitEnded(tx, error, true))
			.onErrorResume((ex) -> {
				this.replicas.endFailed(from, ex);
				return Mono.empty();
			})
			.then(Mono.defer(() -> openTransaction(guard, this.definition, null, true)));
	}

	private R2dbcTransactionManager manager(SessionTransaction tx) {
		Replica replica = tx.replica();
		return (replica != null) ? replica.transactionManager() : this.transactionManager;
	}

	private SessionListener listener(SessionTransaction tx) {
		return (tx.replica() != null) ? this.factory.replicaListener() : this.listener;
	}

	// Blocks and their transactions

	<T> Mono<T> begin(ReactiveSession session, BeginOptions options,
			Function<? super ReactiveSession, ? extends Mono<T>> work) {
		if (options.getIsolation() != Isolation.DEFAULT && this.factory.dialect() instanceof H2Dialect) {
			return Mono.error(this.failures.isolationNotPerTransaction(options.getIsolation()));
		}
		TransactionDefinition definition = this.factory.transactionDefinition(options);
		TransactionRetry retry = (options.getRetry() != null) ? options.getRetry() : this.factory.retry();
		Mono<T> block;
		if (!retry.isEnabled()) {
			block = attempt(session, definition, work, null);
		}
		else {
			block = RetryingBegin.run(this.factory.key(), retry, this.listener, this.unitOfWork,
					(run) -> attempt(session, definition, work, run));
		}
		return BeginObservation.observe(block, this.factory.observationRegistry(), this.factory.key());
	}

	/**
	 * One run of a begin block in its transaction; an attempt of a retrying block (given
	 * its run) starts with an empty unit of work, so that it reads what it works on in its
	 * own transaction, as its next attempts will.
	 */
	private <T> Mono<T> attempt(ReactiveSession session, TransactionDefinition definition,
			Function<? super ReactiveSession, ? extends Mono<T>> work, @Nullable RetryingBegin run) {
		return Mono.usingWhen(beginTransaction(definition, run), (tx) -> {
			if (run != null && tx.joined()) {
				run.joinedTransaction();
			}
			return work.apply(session).contextWrite(tx.scope());
		}, (tx) -> commitBlock(tx, run), (tx, error) -> end(tx, Completion.ROLLBACK_ON_ERROR),
				(tx) -> end(tx, Completion.ROLLBACK_ON_CANCEL))
			.onErrorMap(this.failures.blockFailures());
	}

	/**
	 * The commit at the end of a block, telling the run of a retrying one when its COMMIT
	 * was sent before it failed.
	 */
	private Mono<Void> commitBlock(SessionTransaction tx, @Nullable RetryingBegin run) {
		Mono<Void> commit = end(tx, Completion.COMMIT);
		return (run != null) ? commit.doOnError((ex) -> {
			// A replica's transaction only read: its commit leaves nothing to know.
			if (tx.isCommitSent() && tx.replica() == null) {
				run.commitSent();
			}
		}) : commit;
	}

	<T> Flux<T> beginMany(ReactiveSession session, Function<? super ReactiveSession, ? extends Publisher<T>> work) {
		return BeginObservation.observeMany(Flux.usingWhen(beginTransaction(this.definition, null),
				(tx) -> Flux.defer(() -> work.apply(session)).contextWrite(tx.scope()),
				(tx) -> end(tx, Completion.COMMIT), (tx, error) -> end(tx, Completion.ROLLBACK_ON_ERROR),
				(tx) -> end(tx, Completion.ROLLBACK_ON_CANCEL))
			.onErrorMap(this.failures.blockFailures()), this.factory.observationRegistry(), this.factory.key());
	}

	private Mono<SessionTransaction> beginTransaction(TransactionDefinition definition,
			@Nullable RetryingBegin retrying) {
		// One tracker per subscription: a begin Mono may be subscribed again (a retry).
		return Mono.defer(() -> {
			OpeningTransaction opening = new OpeningTransaction(this::abandoned);
			return this.lock.guardMono((guard) -> {
				if (this.closed) {
					return Mono.error(this.failures.closed());
				}
				if (this.transaction != null) {
					return Mono.error(this.failures.alreadyInTransaction());
				}
				if (retrying != null) {
					if (this.unitOfWork.hasChanges()) {
						return Mono.error(this.failures.changesBeforeRetryingBegin());
					}
					this.unitOfWork.clear();
					this.unitOfWork.journalInserts(retrying.journal());
				}
				// A block runs on a replica only when it says it reads only: any other may write,
				// and its transaction could not move to the primary for it.
				return openTransaction(guard, definition, opening, !definition.isReadOnly());
			}).doOnNext((tx) -> opening.delivered()).doOnCancel(opening::cancelled);
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

	private Mono<Void> end(SessionTransaction tx, Completion completion) {
		return this.lock.guardMono((guard) -> {
			if (this.transaction != tx) {
				return (completion == Completion.COMMIT) ? Mono.error(this.failures.endedInsideBlock()) : Mono.empty();
			}
			return complete(guard, tx, completion);
		});
	}

	// Outside blocks

	Mono<Void> flush() {
		return this.lock.guardMono((guard) -> {
			if (!this.unitOfWork.hasChanges()) {
				return Mono.empty();
			}
			return currentTransaction(guard, false, true).flatMap((tx) -> flushChanges(guard, tx));
		});
	}

	Mono<Void> commit() {
		return this.lock.guardMono((guard) -> {
			SessionTransaction tx = this.transaction;
			if (tx != null && tx.explicit()) {
				return Mono.error(this.failures.insideBegin("commit()"));
			}
			if (tx != null && tx.replica() != null && !nothingToFlush()) {
				return currentTransaction(guard, false, true).flatMap((current) -> complete(guard, current, Completion.COMMIT));
			}
			if (tx != null) {
				return complete(guard, tx, Completion.COMMIT);
			}
			if (!this.unitOfWork.hasChanges()) {
				// Nothing to write, and no transaction (reads outside one): a commit still
				// expires what the session holds, as one that committed would.
				if (this.factory.isExpireOnCommit()) {
					this.unitOfWork.clear();
				}
				return Mono.empty();
			}
			return currentTransaction(guard, false, true).flatMap((current) -> complete(guard, current, Completion.COMMIT));
		});
	}

	Mono<Void> rollback() {
		return this.lock.guardMono((guard) -> {
			SessionTransaction tx = this.transaction;
			if (tx == null) {
				this.unitOfWork.clear();
				return Mono.empty();
			}
			if (tx.explicit()) {
				return Mono.error(this.failures.insideBegin("rollback()"));
			}
			return complete(guard, tx, Completion.ROLLBACK);
		});
	}

	Mono<Void> close() {
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
			}, this.failures::closed);
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

	// For statements; callers hold the lock

	/**
	 * The session's transaction when a statement can run in it at once: open, not failed,
	 * and, when it flushes first, an empty unit of work (held entities go the general way,
	 * whose flush does the one dirty check). The common case, taken without assembling the
	 * operators of the general path (each of which a request pays for).
	 */
	@Nullable SessionTransaction readyTransaction(boolean flushFirst, boolean mayWrite) {
		SessionTransaction tx = this.transaction;
		if (tx == null || this.closed || tx.failed() || (flushFirst && !this.unitOfWork.isEmpty())
				|| (this.replicas != null && !this.replicas.mayStayIn(tx, mayWrite))) {
			return null;
		}
		return tx;
	}

	/**
	 * Whether a read runs outside a transaction, in autocommit: the bind has
	 * autocommit-reads, and the session has never opened a transaction, reads on no
	 * replica (whose reads run in a read-only transaction), has no change to flush first,
	 * and its caller runs in no Spring transaction of the bind (which the read joins, as
	 * any statement does).
	 */
	boolean readsOutsideTransaction(Guard guard, boolean flushFirst) {
		if (!this.autocommitReads || this.transactional || this.closed || this.transaction != null) {
			return false;
		}
		if (this.replicas != null && replicaFor(guard, false) != null) {
			return false;
		}
		if (flushFirst && !this.unitOfWork.isEmpty() && !nothingToFlush()) {
			return false;
		}
		return TransactionScopes.joinable(guard.caller(), this.connectionFactory) == null;
	}

	/**
	 * The session's transaction, opened if needed, with the pending changes flushed first
	 * when asked: the general path of a statement.
	 */
	Mono<SessionTransaction> transactionFor(Guard guard, boolean flushFirst, boolean mayWrite) {
		Mono<SessionTransaction> current = currentTransaction(guard, mayWrite, flushFirst);
		return flushFirst ? current.flatMap((tx) -> flushChanges(guard, tx).thenReturn(tx)) : current;
	}

	/**
	 * The session's transaction, opened if needed: on the primary for a statement that may
	 * write or a flush with changes to write (a replica's read-only transaction is left
	 * for one).
	 * @param mayWrite whether the statement may write
	 * @param flushFirst whether pending changes are flushed first
	 */
	Mono<SessionTransaction> currentTransaction(Guard guard, boolean mayWrite, boolean flushFirst) {
		if (this.closed) {
			return Mono.error(this.failures.closed());
		}
		SessionTransaction tx = this.transaction;
		if (tx == null) {
			boolean write = mayWrite || (this.replicas != null && flushFirst && !nothingToFlush());
			return openTransaction(guard, this.definition, null, write);
		}
		if (tx.failed()) {
			return Mono.error(this.failures.pendingRollback());
		}
		if (mustLeaveReplica(tx, mayWrite, flushFirst)) {
			return leaveReplica(guard, tx, mayWrite ? "run a statement that may write" : "flush pending changes");
		}
		return Mono.just(tx);
	}

	Mono<Void> flushChanges(Guard guard, SessionTransaction tx) {
		if (tx.replica() != null && !nothingToFlush()) {
			// Pending changes at the end of a begin block on a replica.
			return Mono.error(new ReplicaWriteException(this.factory.key(), tx.replica().name(), "flush pending changes"));
		}
		return this.flush.flush(guard, tx, this.unitOfWork);
	}

	// Internals; callers hold the lock

	private Mono<SessionTransaction> openTransaction(Guard guard, TransactionDefinition definition,
			@Nullable OpeningTransaction opening, boolean write) {
		Replica replica = replicaFor(guard, write);
		if (replica != null) {
			return openOnReplica(guard, definition, opening, replica);
		}
		TransactionScopes.Scope joined = TransactionScopes.joinable(guard.caller(), this.connectionFactory);
		// A scope of its own for each transaction: Spring code that outlives a block still
		// holds its scope, and must not find a later transaction of the session in it.
		TransactionScopes.Scope scope = (joined != null) ? joined : TransactionScopes.newScope();
		return guard.runToEnd(this.transactionManager.getReactiveTransaction(definition)
			.map((status) -> {
				SessionTransaction tx = new SessionTransaction(status, scope, joined != null, opening != null);
				this.transaction = tx;
				this.transactional = true;
				if (opening != null) {
					opening.opened(tx);
				}
				if (!tx.joined()) {
					this.listener.connectionAcquired(this.factory.key());
				}
				return tx;
			}), scope, Guard.OWN_CODE)
			.onErrorMap(this.failures::connectionUnavailable);
	}

	/**
	 * Open a read-only transaction on the replica; when its connection fails (refused,
	 * timed out, its pool exhausted), tell the replica reads and read on the primary
	 * instead. Other failures (an option the replica refuses) are the session's.
	 */
	private Mono<SessionTransaction> openOnReplica(Guard guard, TransactionDefinition definition,
			@Nullable OpeningTransaction opening, Replica replica) {
		TransactionScopes.Scope scope = TransactionScopes.newScope();
		Mono<SessionTransaction> open = replica.transactionManager()
			.getReactiveTransaction(SessionReplicas.readOnly(definition))
			.map((status) -> {
				SessionReplicas.bindUnderPrimary(scope.transactionContext(), replica, this.connectionFactory);
				SessionTransaction tx = new SessionTransaction(status, scope, false, opening != null, replica);
				this.transaction = tx;
				this.transactional = true;
				if (opening != null) {
					opening.opened(tx);
				}
				this.factory.replicaListener().connectionAcquired(this.factory.key());
				return tx;
			});
		return guard.runToEnd(open, scope, Guard.OWN_CODE)
			.onErrorResume((ex) -> this.transaction == null && SessionReplicas.isConnectionFailure(ex), (ex) -> {
				this.replicas.unavailable(replica, ex);
				return openTransaction(guard, definition, opening, false);
			})
			.onErrorMap(this.failures::connectionUnavailable);
	}

	private Mono<Void> complete(Guard guard, SessionTransaction tx, Completion completion) {
		if (completion == Completion.COMMIT) {
			if (tx.failed()) {
				return complete(guard, tx, Completion.ROLLBACK_ON_ERROR).then(Mono.error(this.failures.pendingRollback()));
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
		Mono<Void> end = onlyRead ? manager(tx).commit(tx.status()) : manager(tx).rollback(tx.status());
		return guard.runToEnd(end, tx.scope(), hasSynchronizations(tx), (error, failedOnSubscribe) -> {
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
	private Mono<Void> commitCall(Guard guard, SessionTransaction tx) {
		Mono<Void> commit = manager(tx).commit(tx.status()).doOnSubscribe((subscription) -> tx.commitSent());
		return guard.runToEnd(commit, tx.scope(), hasSynchronizations(tx),
				(error, failedOnSubscribe) -> {
					commitEnded(tx, error, !this.factory.isExpireOnCommit());
					if (error != null && !failedOnSubscribe && tx.replica() == null
							&& DatabaseFailures.isConnectionLost(error)) {
						// The COMMIT may have left before the connection broke: thrown to the
						// commit's caller in place of the driver's error. (One the driver
						// refused at once, on a connection it knew was closed, never left: the
						// lock reports that as a lost connection, nothing committed.)
						throw this.failures.commitOutcomeUnknown(error);
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
			if (tx.replica() != null) {
				SessionReplicas.unbindFromPrimary(tx.scope().transactionContext(), this.connectionFactory);
			}
			SessionListener listener = listener(tx);
			if (!tx.joined() && listener != ReactiveSessionFactory.NO_LISTENER) {
				listener.connectionReleased(this.factory.key(), System.nanoTime() - tx.startNanos());
			}
		}
		if (!keepEntities) {
			this.unitOfWork.clear();
		}
	}

	/**
	 * Tell the listener how a commit ended, and end the transaction, whatever a listener
	 * did.
	 */
	private void commitEnded(SessionTransaction tx, @Nullable Throwable error, boolean keepEntities) {
		try {
			if (error == null) {
				committed(tx);
			}
			else {
				rolledBack(tx, SessionListener.RollbackCause.ERROR);
			}
		}
		finally {
			ended(tx, keepEntities);
		}
	}

	private void committed(SessionTransaction tx) {
		if (!tx.joined()) {
			listener(tx).committed(this.factory.key());
			if (this.replicas != null && tx.replica() == null && tx.mayHaveWritten()) {
				this.replicas.committedOnPrimary();
			}
		}
	}

	private void rolledBack(SessionTransaction tx, SessionListener.@Nullable RollbackCause cause) {
		if (!tx.joined() && cause != null) {
			listener(tx).rolledBack(this.factory.key(), cause);
		}
	}

	/**
	 * Whether the given transaction is still the session's, for a savepoint to be rolled
	 * back in.
	 */
	boolean isCurrent(SessionTransaction tx) {
		return this.transaction == tx;
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

}
