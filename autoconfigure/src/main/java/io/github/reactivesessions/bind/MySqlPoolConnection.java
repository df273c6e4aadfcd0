package io.github.reactivesessions.bind;

import java.time.Duration;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

import io.r2dbc.spi.Batch;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionMetadata;
import io.r2dbc.spi.IsolationLevel;
import io.r2dbc.spi.Lifecycle;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import io.r2dbc.spi.Statement;
import io.r2dbc.spi.TransactionDefinition;
import io.r2dbc.spi.ValidationDepth;
import io.r2dbc.spi.Wrapped;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An r2dbc-mysql connection as the pool holds it, whose release sends nothing when the
 * connection is provably outside any transaction.
 *
 * <p>r2dbc-pool calls {@link Lifecycle#preRelease()} on every release, and r2dbc-mysql's is
 * a rollback that, outside a transaction, sends a {@code COM_PING} instead: one round trip
 * on every release, after a commit or an autocommit read too. Here the driver's release
 * runs only when the connection is in a transaction or not in autocommit, or when anything
 * it was given is still in flight, since until its answer arrives the driver does not know
 * that a {@code BEGIN} on the wire (from a cancelled flow) opened a transaction. What the
 * driver would have done is then done exactly as before. Written by hand: r2dbc-pool has no
 * way to skip a {@code Lifecycle}'s {@code preRelease} and r2dbc-mysql no option for it.
 *
 * <p>Sits between the pool and the driver's connection, or r2dbc-proxy's wrapper of it when
 * the bind has echo: that wrapper does not implement {@code Lifecycle}, so the driver's own
 * is found by unwrapping, and with echo a transaction begun by SQL text is rolled back on
 * release as it is without.
 */
final class MySqlPoolConnection implements Connection, Lifecycle, Wrapped<Connection> {

	private final Connection delegate;

	private final @Nullable Lifecycle lifecycle;

	private final RequestsInFlight inFlight = new RequestsInFlight();

	MySqlPoolConnection(Connection delegate) {
		this.delegate = delegate;
		this.lifecycle = lifecycle(delegate);
	}

	private static @Nullable Lifecycle lifecycle(Object connection) {
		Object candidate = connection;
		while (!(candidate instanceof Lifecycle) && candidate instanceof Wrapped<?> wrapped) {
			candidate = wrapped.unwrap();
		}
		return (candidate instanceof Lifecycle lifecycle) ? lifecycle : null;
	}

	@Override
	public Publisher<Void> postAllocate() {
		return (this.lifecycle != null) ? this.lifecycle.postAllocate() : Mono.empty();
	}

	@Override
	public Publisher<Void> preRelease() {
		return Mono.defer(() -> {
			// In flight first: an answer updates the driver's state before its request ends.
			if (this.lifecycle == null || (this.inFlight.isEmpty() && this.delegate.isAutoCommit())) {
				return Mono.empty();
			}
			// The driver sends one request at a time, so when its rollback or ping is
			// answered, so is everything before it, cancelled requests included.
			this.inFlight.forget();
			return Mono.from(this.lifecycle.preRelease());
		});
	}

	@Override
	public Publisher<Void> beginTransaction() {
		return this.inFlight.mono(this.delegate.beginTransaction());
	}

	@Override
	public Publisher<Void> beginTransaction(TransactionDefinition definition) {
		return this.inFlight.mono(this.delegate.beginTransaction(definition));
	}

	@Override
	public Publisher<Void> commitTransaction() {
		return this.inFlight.mono(this.delegate.commitTransaction());
	}

	/**
	 * Roll back, or send nothing when there is provably nothing to roll back: outside a
	 * transaction the driver would ping. r2dbc-pool rolls back on release a transaction begun
	 * with {@code beginTransaction()} that its borrower did not end, after the pool's own
	 * release step has rolled it back already (see {@code ConnectionFactoryCreation}).
	 */
	@Override
	public Publisher<Void> rollbackTransaction() {
		return Mono.defer(() -> (this.inFlight.isEmpty() && this.delegate.isAutoCommit()) ? Mono.empty()
				: this.inFlight.mono(this.delegate.rollbackTransaction()));
	}

	@Override
	public Publisher<Void> createSavepoint(String name) {
		return this.inFlight.mono(this.delegate.createSavepoint(name));
	}

	@Override
	public Publisher<Void> releaseSavepoint(String name) {
		return this.inFlight.mono(this.delegate.releaseSavepoint(name));
	}

	@Override
	public Publisher<Void> rollbackTransactionToSavepoint(String name) {
		return this.inFlight.mono(this.delegate.rollbackTransactionToSavepoint(name));
	}

	@Override
	public Publisher<Void> setAutoCommit(boolean autoCommit) {
		return this.inFlight.mono(this.delegate.setAutoCommit(autoCommit));
	}

	@Override
	public Publisher<Void> setLockWaitTimeout(Duration timeout) {
		return this.inFlight.mono(this.delegate.setLockWaitTimeout(timeout));
	}

	@Override
	public Publisher<Void> setStatementTimeout(Duration timeout) {
		return this.inFlight.mono(this.delegate.setStatementTimeout(timeout));
	}

	@Override
	public Publisher<Void> setTransactionIsolationLevel(IsolationLevel isolationLevel) {
		return this.inFlight.mono(this.delegate.setTransactionIsolationLevel(isolationLevel));
	}

	@Override
	public Publisher<Boolean> validate(ValidationDepth depth) {
		return this.inFlight.mono(this.delegate.validate(depth));
	}

	@Override
	public Statement createStatement(String sql) {
		return new TrackedStatement(this.delegate.createStatement(sql));
	}

	@Override
	public Batch createBatch() {
		return new TrackedBatch(this.delegate.createBatch());
	}

	@Override
	public Publisher<Void> close() {
		// Called when the pool discards the connection: nothing is released after it.
		return this.delegate.close();
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
	public Connection unwrap() {
		return this.delegate;
	}

	@Override
	public String toString() {
		return "MySqlPoolConnection[" + this.delegate + "]";
	}

	/**
	 * An execution that counts until it ends, each of its results until it is consumed.
	 */
	private Flux<Result> results(Publisher<? extends Result> execution) {
		return this.inFlight.flux(execution).map((result) -> new TrackedResult(result, this.inFlight.start()));
	}

	/**
	 * A statement whose execution is counted; binding goes straight to the driver.
	 */
	private final class TrackedStatement extends ForwardingStatement {

		TrackedStatement(Statement statement) {
			super(statement);
		}

		@Override
		public Publisher<? extends Result> execute() {
			return results(statement().execute());
		}

	}

	/**
	 * A batch whose execution is counted.
	 */
	private final class TrackedBatch implements Batch, Wrapped<Batch> {

		private final Batch batch;

		TrackedBatch(Batch batch) {
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
	 * A result that counts from the moment it is emitted until its consumption ends: the
	 * rest of its statement's answer may still be on the wire. A result never consumed
	 * counts until the next release that goes to the driver.
	 */
	private final class TrackedResult implements Result, Wrapped<Result> {

		private final Result result;

		private final RequestsInFlight.Request request;

		TrackedResult(Result result, RequestsInFlight.Request request) {
			this.result = result;
			this.request = request;
		}

		@Override
		public Publisher<Long> getRowsUpdated() {
			// One count per result, as the SPI says: a Mono, so that Mono.from() does not
			// cancel it after its value and make it look abandoned.
			return consumed(Mono.from(this.result.getRowsUpdated()));
		}

		@Override
		public <T> Publisher<T> map(BiFunction<Row, RowMetadata, ? extends T> mappingFunction) {
			return consumed(Flux.from(this.result.map(mappingFunction)));
		}

		@Override
		public <T> Publisher<T> map(Function<? super Readable, ? extends T> mappingFunction) {
			return consumed(Flux.from(this.result.map(mappingFunction)));
		}

		@Override
		public Result filter(Predicate<Segment> filter) {
			return new TrackedResult(this.result.filter(filter), this.request);
		}

		@Override
		public <T> Publisher<T> flatMap(Function<Segment, ? extends Publisher<? extends T>> mappingFunction) {
			return consumed(Flux.from(this.result.flatMap(mappingFunction)));
		}

		@Override
		public Result unwrap() {
			return this.result;
		}

		private <T> Mono<T> consumed(Mono<T> consumption) {
			return consumption.doOnTerminate(this.request::answered).doOnCancel(this.request::cancelled);
		}

		private <T> Flux<T> consumed(Flux<T> consumption) {
			return consumption.doOnTerminate(this.request::answered).doOnCancel(this.request::cancelled);
		}

	}

}
