package io.github.reactivesessions.session;

import java.util.function.Function;

import reactor.core.publisher.Mono;

import org.springframework.r2dbc.connection.R2dbcTransactionManager;

/**
 * The SAVEPOINTs of {@link ReactiveSession#beginNested}: a nested Spring transaction inside
 * the session's transaction (opened if needed, after a flush), released when its block
 * completes and rolled back, with the unit of work restored to what it held at the
 * savepoint, when the block fails or is cancelled. Created by the session for each nested
 * block, over its {@link SessionTransactions}.
 */
final class SessionSavepoints {

	private final ReactiveSessionFactory factory;

	private final SessionLock lock;

	private final UnitOfWork unitOfWork;

	private final SessionTransactions transactions;

	private final R2dbcTransactionManager transactionManager;

	SessionSavepoints(ReactiveSessionFactory factory, SessionLock lock, UnitOfWork unitOfWork,
			SessionTransactions transactions) {
		this.factory = factory;
		this.lock = lock;
		this.unitOfWork = unitOfWork;
		this.transactions = transactions;
		this.transactionManager = factory.transactionManager();
	}

	<T> Mono<T> beginNested(ReactiveSession session, Function<? super ReactiveSession, ? extends Mono<T>> work) {
		return Mono.usingWhen(openSavepoint(),
				(nested) -> Mono.defer(() -> work.apply(session)).contextWrite(nested.transaction().scope()),
				(nested) -> this.lock.guardMono((guard) -> releaseSavepoint(guard, nested)),
				(nested, error) -> this.lock.guardMono((guard) -> rollbackSavepoint(guard, nested)),
				(nested) -> this.lock.guardMono((guard) -> rollbackSavepoint(guard, nested)))
			.onErrorMap(this.factory.failures().blockFailures());
	}

	private Mono<NestedTransaction> openSavepoint() {
		return this.lock.guardMono((guard) -> this.transactions.currentTransaction(guard, SessionTransaction.WRITES, false)
			.flatMap((tx) -> this.transactions.flushChanges(guard, tx)
				.then(guard.runToEnd(
						this.transactionManager.getReactiveTransaction(this.factory.nestedTransactionDefinition())
							.map((status) -> {
								// The block's Spring code joins the transaction unseen by the session.
								tx.statementRuns(SessionTransaction.WRITES);
								SessionTransaction.Savepoint savepoint = new SessionTransaction.Savepoint(status,
										this.unitOfWork.save());
								tx.savepoints().push(savepoint);
								return new NestedTransaction(tx, savepoint);
							}),
						tx.scope(), Guard.OWN_CODE))))
			.doOnDiscard(NestedTransaction.class, this::abandoned);
	}

	/**
	 * A beginNested block cancelled while its savepoint was being set never gets it: roll
	 * back to it, unless its transaction has ended meanwhile.
	 */
	private void abandoned(NestedTransaction nested) {
		this.lock.guardMono((guard) -> {
			SessionTransaction tx = nested.transaction();
			boolean open = this.transactions.isCurrent(tx) && tx.savepoints().contains(nested.savepoint());
			return open ? rollbackSavepoint(guard, nested) : Mono.<Void>empty();
		}).subscribe(null, (ex) -> {
			// Nobody waits for this rollback; the outer transaction ends it at the latest.
		});
	}

	private Mono<Void> releaseSavepoint(Guard guard, NestedTransaction nested) {
		SessionTransaction.Savepoint savepoint = nested.savepoint();
		if (savepoint.failed()) {
			return rollbackSavepoint(guard, nested).then(Mono.error(this.factory.failures().pendingRollback()));
		}
		return this.transactions.flushChanges(guard, nested.transaction())
			.onErrorResume((ex) -> rollbackSavepoint(guard, nested).onErrorComplete().then(Mono.error(ex)))
			.then(guard.runToEnd(this.transactionManager.commit(savepoint.status()), nested.transaction().scope(),
					Guard.OWN_CODE, (error, failedOnSubscribe) -> nested.transaction().savepoints().remove(savepoint)));
	}

	private Mono<Void> rollbackSavepoint(Guard guard, NestedTransaction nested) {
		SessionTransaction.Savepoint savepoint = nested.savepoint();
		return guard.runToEnd(this.transactionManager.rollback(savepoint.status()), nested.transaction().scope(), Guard.OWN_CODE,
				(error, failedOnSubscribe) -> {
					nested.transaction().savepoints().remove(savepoint);
					this.unitOfWork.restore(savepoint.state());
				});
	}

	private record NestedTransaction(SessionTransaction transaction, SessionTransaction.Savepoint savepoint) {
	}

}
