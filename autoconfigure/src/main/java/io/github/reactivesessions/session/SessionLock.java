package io.github.reactivesessions.session;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;

/**
 * Mutual exclusion for the operations of one session (statements, flushes, begin, commit,
 * rollback), so that they never interleave on the session's connection.
 *
 * <p>A cancelled operation stops at once, except for the call to the database it is in
 * the middle of: each such call is wrapped with {@link Guard#runToEnd(Mono, Function, boolean)}, runs (or drains
 * its rows) to its end, and the cancelled holder keeps the lock until it has. Passing the
 * lock on earlier would let the next operation, typically the rollback of a cancelled
 * request, reach the connection before the driver has finished with the cancelled call: a
 * statement still being sent would then run outside the transaction, and a connection
 * still being taken from the pool would never be given back.
 *
 * <p>Written by hand because Reactor has no asynchronous mutex. The lock is taken at once
 * when free (the usual case: a session's operations come one after another) and handed over
 * in FIFO order otherwise. A waiter cancelled before it gets the lock leaves the queue; one
 * granted the lock while being cancelled passes it on.
 *
 * <p>Closing ({@link #guardClose(Function, Supplier)}) does not depend on the subscribers of
 * the operations before it: a streamed statement whose subscriber stopped asking for rows
 * without cancelling (what a web server can leave behind when its client resets the
 * connection as a streamed body starts) is drained and fails with the session's
 * closed error, and operations granted the lock after the close was asked for fail with it
 * at once, so that the close always comes.
 */
final class SessionLock {

	private static final int WAITING = 0;

	private static final int GRANTED = 1;

	private static final int CANCELLED = 2;

	// Marks the context of a call that may run the caller's code, so that an operation that
	// code starts from inside the call fails rather than waits for it (see reentered).
	static final Object GUARD = new Object();

	private final String key;

	// Turns the failures of operations into what the session's callers see.
	private final UnaryOperator<Throwable> failures;

	// Created on the first contention: most sessions never wait for their own lock.
	private @Nullable Queue<Waiter> waiters;

	private boolean held;

	// The subscriber holding the lock, so that a close can end its operation.
	private @Nullable GuardSubscriber<?> holder;

	// Set while a close waits for the lock: operations granted it meanwhile (queued before
	// the close) fail with its error. Those after it meet the closed session.
	private @Nullable Supplier<? extends Throwable> closing;

	// Closes waiting for the lock (neither granted nor cancelled yet).
	private int pendingCloses;

	// Releases not yet served by the hand-off loop (see handOver).
	private final AtomicInteger pendingReleases = new AtomicInteger();

	/**
	 * Create the lock of a session.
	 * @param key the session's bind key, for messages
	 */
	SessionLock(String key) {
		this(key, UnaryOperator.identity());
	}

	/**
	 * Create the lock of a session.
	 * @param key the session's bind key, for messages
	 * @param failures turns the failure of an operation into the one its subscriber gets
	 * (a lost connection into an exception naming the bind), in the one place every
	 * operation's failure passes, rather than in an operator of each
	 */
	SessionLock(String key, UnaryOperator<Throwable> failures) {
		this.key = key;
		this.failures = failures;
	}

	/**
	 * Run the given work while holding the lock. The work gets the {@link Guard} it runs
	 * under: the caller's Reactor Context, and the wrapper of its calls to the database.
	 */
	<T> Flux<T> guard(Function<Guard, ? extends Publisher<T>> work) {
		return new GuardedFlux<>(work);
	}

	/**
	 * Run the work that closes the session once the operations before it have ended, and
	 * end those now: a streamed operation holding the lock has its running call drained and
	 * fails with the given error, as do the operations waiting for the lock before this
	 * close. An operation that produces one value is left to finish, since nothing waits on
	 * its subscriber's demand. Operations that come after the close run after it, on the
	 * closed session.
	 * @param work the work that closes the session
	 * @param closedError the error of the operations ended
	 */
	<T> Mono<T> guardClose(Function<Guard, ? extends Mono<T>> work, Supplier<? extends Throwable> closedError) {
		return new GuardedMono<>(work, closedError);
	}

	/**
	 * Mono variant of {@link #guard(Function)}: the value is delivered once the work has
	 * completed and the lock is released, so that what the subscriber does next does not
	 * queue behind the work that produced it.
	 */
	<T> Mono<T> guardMono(Function<Guard, ? extends Mono<T>> work) {
		return new GuardedMono<>(work, null);
	}

	/**
	 * Run short work that does no I/O in the caller's thread, at once, when no one holds the
	 * lock; others asking for the lock meanwhile wait for it.
	 * @param work returns whether it did its job
	 * @return what the work returned, or {@code false} without running it when the lock is
	 * held
	 */
	synchronized boolean runIfFree(BooleanSupplier work) {
		return !this.held && work.getAsBoolean();
	}

	/**
	 * Take the lock for the given subscriber: at once when free, otherwise when the holders
	 * before it have released it.
	 */
	private void acquire(GuardSubscriber<?> subscriber) {
		Waiter waiter;
		GuardSubscriber<?> abandoned = null;
		synchronized (this) {
			if (subscriber.closedError() != null) {
				if (this.closing == null) {
					this.closing = subscriber.closedError();
				}
				this.pendingCloses++;
				abandoned = this.holder;
			}
			if (!this.held) {
				this.held = true;
				this.holder = subscriber;
				waiter = null;
			}
			else {
				waiter = new Waiter(subscriber);
				if (this.waiters == null) {
					this.waiters = new ArrayDeque<>();
				}
				this.waiters.add(waiter);
			}
		}
		if (abandoned != null) {
			abandoned.abandon(subscriber.closedError());
		}
		if (waiter == null) {
			subscriber.granted();
		}
		else {
			subscriber.waiting(waiter);
		}
	}

	/**
	 * The error an operation granted the lock fails with instead of running: the closed
	 * error once a close was asked for, unless the operation closes too.
	 */
	synchronized @Nullable Supplier<? extends Throwable> refusal(GuardSubscriber<?> subscriber) {
		if (subscriber.closedError() != null) {
			settleClose(subscriber);
			return null;
		}
		return this.closing;
	}

	/**
	 * A close no longer waits: it was granted the lock, or cancelled (a close that never
	 * runs must not leave the session refusing operations). Counted once per close.
	 */
	synchronized void settleClose(GuardSubscriber<?> close) {
		if (!close.markCloseSettled()) {
			return;
		}
		this.pendingCloses--;
		if (this.pendingCloses == 0) {
			this.closing = null;
		}
	}

	/**
	 * The failure an operation's subscriber gets for the given one.
	 */
	Throwable failure(Throwable error) {
		return this.failures.apply(error);
	}

	/**
	 * Pass the lock to the next waiter, or free it. Work granted the lock runs in the
	 * granting thread and may end, and release, before the grant returns: such a release
	 * only counts itself, and the loop already running serves it, so that a long queue of
	 * quick operations is served in a loop rather than in ever deeper recursion. Called only
	 * from {@link GuardSubscriber}, when the operation holding the lock ends.
	 */
	void handOver() {
		if (this.pendingReleases.getAndIncrement() != 0) {
			return;
		}
		do {
			grantNext();
		}
		while (this.pendingReleases.decrementAndGet() != 0);
	}

	private void grantNext() {
		while (true) {
			Waiter next;
			synchronized (this) {
				next = (this.waiters != null) ? this.waiters.poll() : null;
				if (next == null) {
					this.held = false;
					this.holder = null;
					return;
				}
				this.holder = next.subscriber;
			}
			if (next.grant()) {
				return;
			}
		}
	}

	/**
	 * Fail, rather than wait forever, when an operation is started from inside a call of the
	 * same session that runs the caller's code (a function given to {@code sql(...).flatMap},
	 * an entity callback, a transaction synchronization at commit, calling the session): it
	 * would queue behind the operation it is part of.
	 */
	private boolean reentered(CoreSubscriber<?> actual) {
		GuardSubscriber<?> enclosing = actual.currentContext().getOrDefault(GUARD, null);
		if (enclosing == null || !enclosing.isOf(this)) {
			return false;
		}
		Operators.error(actual, new IllegalStateException(("Session '%s' was called from inside one of its own statements "
				+ "(for example a function given to sql(...).flatMap, an entity callback or a transaction synchronization): "
				+ "it would wait for that statement forever. Call it after the "
				+ "statement, e.g. with collectList().flatMap(...), or use another session").formatted(this.key)));
		return true;
	}

	private final class GuardedFlux<T> extends Flux<T> {

		private final Function<Guard, ? extends Publisher<T>> work;

		GuardedFlux(Function<Guard, ? extends Publisher<T>> work) {
			this.work = work;
		}

		@Override
		public void subscribe(CoreSubscriber<? super T> actual) {
			if (reentered(actual)) {
				return;
			}
			GuardSubscriber<T> subscriber = new GuardSubscriber<>(SessionLock.this, actual, this.work, false, null);
			actual.onSubscribe(subscriber);
			acquire(subscriber);
		}

	}

	private final class GuardedMono<T> extends Mono<T> {

		private final Function<Guard, ? extends Mono<T>> work;

		private final @Nullable Supplier<? extends Throwable> closedError;

		GuardedMono(Function<Guard, ? extends Mono<T>> work, @Nullable Supplier<? extends Throwable> closedError) {
			this.work = work;
			this.closedError = closedError;
		}

		@Override
		public void subscribe(CoreSubscriber<? super T> actual) {
			if (reentered(actual)) {
				return;
			}
			GuardSubscriber<T> subscriber = new GuardSubscriber<>(SessionLock.this, actual, this.work, true, this.closedError);
			actual.onSubscribe(subscriber);
			acquire(subscriber);
		}

	}

	final class Waiter {

		private final AtomicInteger state = new AtomicInteger(WAITING);

		private final GuardSubscriber<?> subscriber;

		Waiter(GuardSubscriber<?> subscriber) {
			this.subscriber = subscriber;
		}

		/**
		 * Hand the lock to this waiter, unless it was cancelled.
		 */
		boolean grant() {
			if (this.state.compareAndSet(WAITING, GRANTED)) {
				this.subscriber.granted();
				return true;
			}
			return false;
		}

		void cancel() {
			if (this.state.compareAndSet(WAITING, CANCELLED)) {
				synchronized (SessionLock.this) {
					if (SessionLock.this.waiters != null) {
						SessionLock.this.waiters.remove(this);
					}
				}
			}
			// A waiter granted meanwhile passes the lock on itself (see GuardSubscriber#granted).
		}

	}

}
