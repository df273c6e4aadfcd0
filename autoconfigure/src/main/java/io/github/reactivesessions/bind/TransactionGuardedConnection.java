package io.github.reactivesessions.bind;

import java.time.Duration;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.r2dbc.spi.Batch;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionMetadata;
import io.r2dbc.spi.IsolationLevel;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import io.r2dbc.spi.Statement;
import io.r2dbc.spi.TransactionDefinition;
import io.r2dbc.spi.ValidationDepth;
import io.r2dbc.spi.Wrapped;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;

/**
 * A pooled connection that refuses the statements that reach it once a rollback has been
 * sent on it, or once it has been given back to the pool, rather than run them outside the
 * transaction they belong to.
 *
 * <p>A reactive transaction ends concurrently with the work inside it: Spring rolls back a
 * cancelled {@code @Transactional} or {@code TransactionalOperator} flow (a client that reset
 * its connection) at once, on the thread that cancelled, while a repository call of that flow
 * may be on its way to the driver on another thread. Its statement then reached the
 * connection after the {@code ROLLBACK} and ran in autocommit: half of the transaction was
 * committed. A session's own transactions end the same way when Spring code runs inside
 * {@code begin}. Here, everything that makes the driver send something (a statement, the
 * consumption of its result, which is when r2dbc-postgresql sends a statement with bound
 * values, a rollback, a release, the other calls that talk to the database) is sent under
 * one lock, taken before any lock of the driver's, so a statement comes either before the
 * rollback, inside the transaction, or after it, refused with an
 * {@link IllegalStateException}. Written by hand: neither Spring nor r2dbc-pool orders them.
 *
 * <p>A commit does not close the connection to statements: Spring's {@code afterCommit}
 * callbacks may still run some on it, in autocommit, and a committed transaction has no
 * work left in flight. A new {@code beginTransaction} opens it again after a rollback; a
 * released connection stays closed. Not covered: a statement that arrives after a rollback
 * to a savepoint (it runs in the enclosing transaction), and the second and later bindings of
 * a statement with several ({@code Statement.add()}), which r2dbc-postgresql sends from its
 * own thread.
 */
final class TransactionGuardedConnection implements Connection, Wrapped<Connection> {

	private final Connection delegate;

	// Held while something is sent to the driver: the driver's own locks are only ever taken
	// inside it, never the other way round.
	private final Object lock = new Object();

	// Guarded by lock: a rollback was sent and no transaction has begun since.
	private boolean rolledBack;

	// Guarded by lock: the connection went back to the pool.
	private boolean released;

	TransactionGuardedConnection(Connection delegate) {
		this.delegate = delegate;
	}

	@Override
	public Publisher<Void> beginTransaction() {
		return send(Step.BEGIN, this.delegate::beginTransaction);
	}

	@Override
	public Publisher<Void> beginTransaction(TransactionDefinition definition) {
		return send(Step.BEGIN, () -> this.delegate.beginTransaction(definition));
	}

	@Override
	public Publisher<Void> commitTransaction() {
		return send(Step.OTHER, this.delegate::commitTransaction);
	}

	@Override
	public Publisher<Void> rollbackTransaction() {
		return send(Step.ROLLBACK, this.delegate::rollbackTransaction);
	}

	@Override
	public Publisher<Void> close() {
		return send(Step.RELEASE, this.delegate::close);
	}

	@Override
	public Statement createStatement(String sql) {
		return new GuardedStatement(this.delegate.createStatement(sql));
	}

	@Override
	public Batch createBatch() {
		return new GuardedBatch(this.delegate.createBatch());
	}

	@Override
	public Publisher<Void> createSavepoint(String name) {
		return send(Step.OTHER, () -> this.delegate.createSavepoint(name));
	}

	@Override
	public Publisher<Void> releaseSavepoint(String name) {
		return send(Step.OTHER, () -> this.delegate.releaseSavepoint(name));
	}

	@Override
	public Publisher<Void> rollbackTransactionToSavepoint(String name) {
		return send(Step.OTHER, () -> this.delegate.rollbackTransactionToSavepoint(name));
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
		return send(Step.OTHER, () -> this.delegate.setAutoCommit(autoCommit));
	}

	@Override
	public Publisher<Void> setLockWaitTimeout(Duration timeout) {
		return send(Step.OTHER, () -> this.delegate.setLockWaitTimeout(timeout));
	}

	@Override
	public Publisher<Void> setStatementTimeout(Duration timeout) {
		return send(Step.OTHER, () -> this.delegate.setStatementTimeout(timeout));
	}

	@Override
	public Publisher<Void> setTransactionIsolationLevel(IsolationLevel isolationLevel) {
		return send(Step.OTHER, () -> this.delegate.setTransactionIsolationLevel(isolationLevel));
	}

	@Override
	public Publisher<Boolean> validate(ValidationDepth depth) {
		return send(Step.OTHER, () -> this.delegate.validate(depth));
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
	 * The publisher that, when subscribed, sends the call to the driver under the lock: a
	 * statement only while the connection is open to statements, a begin opening it again,
	 * a rollback or a release closing it.
	 */
	private <T> Publisher<T> send(Step step, Supplier<? extends Publisher<T>> call) {
		return (subscriber) -> {
			synchronized (this.lock) {
				if (step == Step.STATEMENT && (this.rolledBack || this.released)) {
					Operators.error(subscriber, refused());
					return;
				}
				Publisher<T> publisher;
				try {
					publisher = call.get();
				}
				catch (RuntimeException ex) {
					// A call the driver or the pool refused at once (a connection released twice).
					Operators.error(subscriber, ex);
					return;
				}
				// Each state is set before the call is subscribed: a driver that answers on the
				// sending thread runs what follows (a rollback) inside the subscribe.
				if (step == Step.ROLLBACK) {
					this.rolledBack = true;
				}
				else if (step == Step.RELEASE) {
					this.released = true;
				}
				else if (step == Step.BEGIN && !this.released) {
					this.rolledBack = false;
				}
				publisher.subscribe(subscriber);
			}
		};
	}

	private Publisher<Result> results(Publisher<? extends Result> execution) {
		return send(Step.STATEMENT, () -> Flux.from(execution).map(GuardedResult::new));
	}

	private IllegalStateException refused() {
		return new IllegalStateException(((this.released) ? "A statement reached its connection after the connection "
				+ "went back to the pool" : "A statement reached its connection after its transaction was rolled back")
				+ " (its flow was cancelled while the statement was on its way): it was refused rather than run "
				+ "outside the transaction");
	}

	private enum Step {

		STATEMENT, BEGIN, ROLLBACK, RELEASE, OTHER

	}

	/**
	 * A statement sent through the connection's lock; binding goes straight to the driver.
	 */
	private final class GuardedStatement extends ForwardingStatement {

		GuardedStatement(Statement statement) {
			super(statement);
		}

		@Override
		public Publisher<? extends Result> execute() {
			return results(statement().execute());
		}

	}

	/**
	 * A batch sent through the connection's lock.
	 */
	private final class GuardedBatch implements Batch, Wrapped<Batch> {

		private final Batch batch;

		GuardedBatch(Batch batch) {
			this.batch = batch;
		}

		@Override
		public Batch add(String sql) {
			this.batch.add(sql);
			return this;
		}

		@Override
		public Publisher<? extends Result> execute() {
			return results(this.batch.execute());
		}

		@Override
		public Batch unwrap() {
			return this.batch;
		}

	}

	/**
	 * A result consumed through the connection's lock: r2dbc-postgresql sends a statement
	 * with bound values only when its result is consumed.
	 */
	private final class GuardedResult implements Result, Wrapped<Result> {

		private final Result result;

		GuardedResult(Result result) {
			this.result = result;
		}

		@Override
		public Publisher<Long> getRowsUpdated() {
			return send(Step.STATEMENT, this.result::getRowsUpdated);
		}

		@Override
		public <T> Publisher<T> map(BiFunction<Row, RowMetadata, ? extends T> mappingFunction) {
			return send(Step.STATEMENT, () -> this.result.map(mappingFunction));
		}

		@Override
		public <T> Publisher<T> map(Function<? super Readable, ? extends T> mappingFunction) {
			return send(Step.STATEMENT, () -> this.result.map(mappingFunction));
		}

		@Override
		public Result filter(Predicate<Segment> filter) {
			return new GuardedResult(this.result.filter(filter));
		}

		@Override
		public <T> Publisher<T> flatMap(Function<Segment, ? extends Publisher<? extends T>> mappingFunction) {
			return send(Step.STATEMENT, () -> this.result.flatMap(mappingFunction));
		}

		@Override
		public Result unwrap() {
			return this.result;
		}

	}

}
