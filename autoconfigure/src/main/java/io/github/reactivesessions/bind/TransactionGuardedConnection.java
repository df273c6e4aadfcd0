package io.github.reactivesessions.bind;

import java.time.Duration;

import io.r2dbc.spi.Batch;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionMetadata;
import io.r2dbc.spi.IsolationLevel;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Statement;
import io.r2dbc.spi.TransactionDefinition;
import io.r2dbc.spi.ValidationDepth;
import io.r2dbc.spi.Wrapped;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import reactor.core.publisher.Operators;

/**
 * A pooled connection that refuses the statements that reach it once its transaction's
 * commit or rollback has been sent, or once it has been given back to the pool, rather than
 * run them outside the transaction.
 *
 * <p>A reactive transaction ends concurrently with the work inside it: Spring rolls back a
 * cancelled {@code @Transactional} or {@code TransactionalOperator} flow (a client that reset
 * its connection) at once, on the thread that cancelled, while a repository call of that flow
 * may be on its way to the driver on another thread. Its statement then reached the
 * connection after the {@code ROLLBACK} and ran in autocommit: half of the transaction was
 * committed (seen in the sample's storms; r2dbc-postgresql issue 733 reports the same
 * reordering). A session's own transactions end the same way when Spring code runs inside
 * {@code begin}. Here, sending a statement and sending the end of the transaction exclude
 * each other, so a statement comes either before the end, inside the transaction, or after
 * it, refused. Written by hand: neither Spring nor r2dbc-pool orders them.
 *
 * <p>A new {@code beginTransaction} opens the connection to statements again; statements
 * outside any transaction (autocommit) are not affected.
 */
final class TransactionGuardedConnection implements Connection, Wrapped<Connection> {

	private final Connection delegate;

	// Guarded by this: whether the transaction's end (or the release) has been sent.
	private boolean ended;

	TransactionGuardedConnection(Connection delegate) {
		this.delegate = delegate;
	}

	@Override
	public Publisher<Void> beginTransaction() {
		return (subscriber) -> {
			synchronized (this) {
				this.ended = false;
				this.delegate.beginTransaction().subscribe(subscriber);
			}
		};
	}

	@Override
	public Publisher<Void> beginTransaction(TransactionDefinition definition) {
		return (subscriber) -> {
			synchronized (this) {
				this.ended = false;
				this.delegate.beginTransaction(definition).subscribe(subscriber);
			}
		};
	}

	@Override
	public Publisher<Void> commitTransaction() {
		return (subscriber) -> end(this.delegate.commitTransaction(), subscriber);
	}

	@Override
	public Publisher<Void> rollbackTransaction() {
		return (subscriber) -> end(this.delegate.rollbackTransaction(), subscriber);
	}

	@Override
	public Publisher<Void> close() {
		return (subscriber) -> end(this.delegate.close(), subscriber);
	}

	/**
	 * Send the end of the transaction (or the release), after which statements are refused.
	 * Subscribed under the lock: the driver queues what it sends as it is subscribed.
	 */
	private synchronized void end(Publisher<Void> end, Subscriber<? super Void> subscriber) {
		this.ended = true;
		end.subscribe(subscriber);
	}

	/**
	 * Send a statement, unless the transaction has ended.
	 */
	private synchronized <T> void send(Publisher<T> execution, Subscriber<? super T> subscriber) {
		if (this.ended) {
			Operators.error(subscriber, new IllegalStateException("A statement reached its connection after the "
					+ "transaction it belongs to was committed, rolled back or released (its flow was cancelled while "
					+ "the statement was on its way): it was refused rather than run outside the transaction"));
			return;
		}
		execution.subscribe(subscriber);
	}

	@Override
	public Statement createStatement(String sql) {
		return new GuardedStatement(this.delegate.createStatement(sql));
	}

	@Override
	public Batch createBatch() {
		Batch batch = this.delegate.createBatch();
		return new Batch() {

			@Override
			public Batch add(String sql) {
				batch.add(sql);
				return this;
			}

			@Override
			public Publisher<? extends Result> execute() {
				return (subscriber) -> send(batch.execute(), subscriber);
			}

		};
	}

	@Override
	public Publisher<Void> createSavepoint(String name) {
		return this.delegate.createSavepoint(name);
	}

	@Override
	public Publisher<Void> releaseSavepoint(String name) {
		return this.delegate.releaseSavepoint(name);
	}

	@Override
	public Publisher<Void> rollbackTransactionToSavepoint(String name) {
		return this.delegate.rollbackTransactionToSavepoint(name);
	}

	@Override
	public boolean isAutoCommit() {
		return this.delegate.isAutoCommit();
	}

	@Override
	public ConnectionMetadata getMetadata() {
		return this.delegate.getMetadata();
	}

	@Override
	public IsolationLevel getTransactionIsolationLevel() {
		return this.delegate.getTransactionIsolationLevel();
	}

	@Override
	public Publisher<Void> setAutoCommit(boolean autoCommit) {
		return this.delegate.setAutoCommit(autoCommit);
	}

	@Override
	public Publisher<Void> setLockWaitTimeout(Duration timeout) {
		return this.delegate.setLockWaitTimeout(timeout);
	}

	@Override
	public Publisher<Void> setStatementTimeout(Duration timeout) {
		return this.delegate.setStatementTimeout(timeout);
	}

	@Override
	public Publisher<Void> setTransactionIsolationLevel(IsolationLevel isolationLevel) {
		return this.delegate.setTransactionIsolationLevel(isolationLevel);
	}

	@Override
	public Publisher<Boolean> validate(ValidationDepth depth) {
		return this.delegate.validate(depth);
	}

	@Override
	public Connection unwrap() {
		return this.delegate;
	}

	@Override
	public String toString() {
		return "TransactionGuardedConnection[" + this.delegate + "]";
	}

	/**
	 * A statement sent through the connection's guard; binding goes straight to the driver.
	 */
	private final class GuardedStatement implements Statement, Wrapped<Statement> {

		private final Statement statement;

		GuardedStatement(Statement statement) {
			this.statement = statement;
		}

		@Override
		public Statement add() {
			this.statement.add();
			return this;
		}

		@Override
		public Statement bind(int index, Object value) {
			this.statement.bind(index, value);
			return this;
		}

		@Override
		public Statement bind(String name, Object value) {
			this.statement.bind(name, value);
			return this;
		}

		@Override
		public Statement bindNull(int index, Class<?> type) {
			this.statement.bindNull(index, type);
			return this;
		}

		@Override
		public Statement bindNull(String name, Class<?> type) {
			this.statement.bindNull(name, type);
			return this;
		}

		@Override
		public Statement returnGeneratedValues(String... columns) {
			this.statement.returnGeneratedValues(columns);
			return this;
		}

		@Override
		public Statement fetchSize(int rows) {
			this.statement.fetchSize(rows);
			return this;
		}

		@Override
		public Publisher<? extends Result> execute() {
			Publisher<? extends Result> execution = this.statement.execute();
			return (subscriber) -> send(execution, subscriber);
		}

		@Override
		public Statement unwrap() {
			return this.statement;
		}

	}

}
