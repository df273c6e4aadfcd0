package io.github.reactivesessions.session;

import java.util.function.Supplier;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The statement path of one session: each statement runs under the session's
 * {@link SessionLock}, after the autoflush of pending changes when asked, inside the
 * session's transaction (opened by its first statement, or by its first write on a bind
 * with autocommit-reads, whose reads run outside a transaction until then), and to its end
 * even when its subscriber cancels. Used by the session's own reads and writes, by
 * {@link ReactiveSession#sql} ({@link SessionExecuteSpec}) and by the connections of
 * {@link ReactiveSession#operations()} ({@link SessionConnectionFactory}).
 */
final class SessionStatements {

	private final SessionLock lock;

	private final SessionTransactions transactions;

	SessionStatements(SessionLock lock, SessionTransactions transactions) {
		this.lock = lock;
		this.transactions = transactions;
	}

	/**
	 * Run a statement publisher on the session's connection.
	 * @param flushFirst whether pending changes are flushed first
	 * @param mayWrite whether the statement may write: a transaction whose statements only
	 * read ends with COMMIT rather than ROLLBACK when the session closes
	 * @param callerCode whether the statement may run code of the session's caller (the
	 * functions given to {@code sql(...)}, the entity callbacks the template runs when it
	 * reads or saves an entity), which then must not call the session (see
	 * {@link Guard#runToEnd})
	 * @param statement creates the statement's publisher, once the lock is held
	 * @return the statement's values
	 */
	<T> Flux<T> many(boolean flushFirst, boolean mayWrite, boolean callerCode,
			Supplier<? extends Publisher<T>> statement) {
		return this.lock.guard((guard) -> {
			SessionTransaction tx = this.transactions.readyTransaction(flushFirst, mayWrite);
			if (tx != null) {
				return runMany(guard, tx, mayWrite, callerCode, statement);
			}
			if (mayWrite == SessionTransaction.READS && this.transactions.readsOutsideTransaction(guard, flushFirst)) {
				return guard.runToEnd(statement.get(),
						TransactionScopes.outside(guard.caller()), callerCode);
			}
			return this.transactions.transactionFor(guard, flushFirst, mayWrite)
				.flatMapMany((current) -> runMany(guard, current, mayWrite, callerCode, statement));
		});
	}

	/**
	 * Mono variant of {@link #many(boolean, boolean, boolean, Supplier)}.
	 */
	<T> Mono<T> one(boolean flushFirst, boolean mayWrite, boolean callerCode, Supplier<? extends Mono<T>> statement) {
		return this.lock.guardMono((guard) -> {
			SessionTransaction tx = this.transactions.readyTransaction(flushFirst, mayWrite);
			if (tx != null) {
				return runOne(guard, tx, mayWrite, callerCode, statement);
			}
			if (mayWrite == SessionTransaction.READS && this.transactions.readsOutsideTransaction(guard, flushFirst)) {
				return guard.runToEnd(statement.get(),
						TransactionScopes.outside(guard.caller()), callerCode);
			}
			return this.transactions.transactionFor(guard, flushFirst, mayWrite)
				.flatMap((current) -> runOne(guard, current, mayWrite, callerCode, statement));
		});
	}

	/**
	 * The statements of one {@link ReactiveSession#sql} text: run after a flush, running the
	 * caller's functions, as a read when the text is a plain query ({@link SqlQueries}) and
	 * as a write otherwise.
	 */
	Sql sql(String sql) {
		return new Sql(SqlQueries.isPlainQuery(sql) ? SessionTransaction.READS : SessionTransaction.WRITES);
	}

	/**
	 * The connection of the session's transaction, opened if needed, after a flush. What
	 * runs on it is unknown, so it counts as a write.
	 */
	Mono<Connection> connection() {
		return this.lock.guardMono((guard) -> this.transactions.currentTransaction(guard, SessionTransaction.WRITES, true)
			.flatMap((tx) -> this.transactions.flushChanges(guard, tx).then(Mono.fromSupplier(() -> {
				tx.statementRuns(SessionTransaction.WRITES);
				return tx.connection(this.transactions.connectionFactory());
			}))));
	}

	/**
	 * Run statements in their transaction's scope, written into their context unless the
	 * caller runs in it already (inside {@code begin}).
	 */
	private <T> Flux<T> runMany(Guard guard, SessionTransaction tx, boolean mayWrite, boolean callerCode,
			Supplier<? extends Publisher<T>> statement) {
		tx.statementRuns(mayWrite);
		return guard.runToEnd(statement.get(), tx.scope().isWrittenIn(guard.caller()) ? null : tx.scope(), callerCode);
	}

	private <T> Mono<T> runOne(Guard guard, SessionTransaction tx, boolean mayWrite, boolean callerCode,
			Supplier<? extends Mono<T>> statement) {
		tx.statementRuns(mayWrite);
		return guard.runToEnd(statement.get(), tx.scope().isWrittenIn(guard.caller()) ? null : tx.scope(), callerCode);
	}

	/**
	 * The statements of one {@code sql(...)} text.
	 */
	final class Sql {

		private final boolean mayWrite;

		private Sql(boolean mayWrite) {
			this.mayWrite = mayWrite;
		}

		<T> Flux<T> many(Supplier<? extends Publisher<T>> statement) {
			return SessionStatements.this.many(true, this.mayWrite, Guard.CALLER_CODE, statement);
		}

		<T> Mono<T> one(Supplier<? extends Mono<T>> statement) {
			return SessionStatements.this.one(true, this.mayWrite, Guard.CALLER_CODE, statement);
		}

	}

}
