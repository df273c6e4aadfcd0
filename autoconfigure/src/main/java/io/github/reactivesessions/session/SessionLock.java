package io.github.reactivesessions.session;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * Asynchronous mutual exclusion for the statements of one session, so that two branches of
 * a {@code Mono.zip} never interleave on the session's connection.
 *
 * <p>Written by hand because Reactor has no asynchronous mutex. The lock is handed over in
 * FIFO order. A waiter that is cancelled before it gets the lock leaves the queue; a waiter
 * that is granted the lock while being cancelled passes it on, so a cancelled request can
 * never keep the lock.
 *
 * @author reactive-sessions
 */
final class SessionLock {

	private static final int WAITING = 0;

	private static final int GRANTED = 1;

	private static final int CANCELLED = 2;

	// Created on the first contention: most sessions never wait for their own lock.
	private @Nullable Queue<Waiter> waiters;

	private final Supplier<Mono<Void>> settleOnCancel;

	private boolean held;

	/**
	 * Create a lock.
	 * @param settleOnCancel completes when work that must not be cut short (a commit, a
	 * rollback, taking a connection) has finished; a cancelled holder keeps the lock until
	 * then, so that the next holder sees the session's real state
	 */
	SessionLock(Supplier<Mono<Void>> settleOnCancel) {
		this.settleOnCancel = settleOnCancel;
	}

	/**
	 * Run the given work while holding the lock; the lock is released when the work
	 * completes, fails or is cancelled.
	 */
	<T> Flux<T> guard(Supplier<? extends Publisher<T>> work) {
		return Flux.usingWhen(acquire(), (permit) -> work.get(), Permit::release,
				(permit, error) -> permit.release(), this::releaseWhenSettled);
	}

	/**
	 * Mono variant of {@link #guard(Supplier)}.
	 */
	<T> Mono<T> guardMono(Supplier<? extends Mono<T>> work) {
		return Mono.usingWhen(acquire(), (permit) -> work.get(), Permit::release,
				(permit, error) -> permit.release(), this::releaseWhenSettled);
	}

	/**
	 * Run short work that does no I/O in the caller's thread, at once, when no one holds
	 * the lock (a cancelled holder keeps it until its work has settled); others asking for
	 * the lock meanwhile wait for it.
	 * @param work returns whether it did its job
	 * @return what the work returned, or {@code false} without running it when the lock is
	 * held
	 */
	synchronized boolean runIfFree(BooleanSupplier work) {
		return !this.held && work.getAsBoolean();
	}

	private Mono<Void> releaseWhenSettled(Permit permit) {
		return this.settleOnCancel.get().onErrorComplete().then(permit.release());
	}

	private Mono<Permit> acquire() {
		return Mono.create((sink) -> {
			Waiter waiter = new Waiter(sink);
			boolean free;
			synchronized (this) {
				free = !this.held;
				if (free) {
					this.held = true;
				}
				else {
					if (this.waiters == null) {
						this.waiters = new ArrayDeque<>();
					}
					this.waiters.add(waiter);
				}
			}
			// MonoSink calls onCancel only when the permit was not delivered.
			sink.onCancel(waiter::cancel);
			if (free && !waiter.grant()) {
				handOver();
			}
		});
	}

	private void handOver() {
		while (true) {
			Waiter next;
			synchronized (this) {
				next = (this.waiters != null) ? this.waiters.poll() : null;
				if (next == null) {
					this.held = false;
					return;
				}
			}
			if (next.grant()) {
				return;
			}
		}
	}

	private final class Waiter {

		private final AtomicInteger state = new AtomicInteger(WAITING);

		private final MonoSink<Permit> sink;

		private final Permit permit = new Permit();

		Waiter(MonoSink<Permit> sink) {
			this.sink = sink;
		}

		boolean grant() {
			if (this.state.compareAndSet(WAITING, GRANTED)) {
				this.sink.success(this.permit);
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
			else if (this.state.get() == GRANTED) {
				this.permit.releaseNow();
			}
		}

	}

	private final class Permit {

		private final AtomicBoolean released = new AtomicBoolean();

		Mono<Void> release() {
			return Mono.fromRunnable(this::releaseNow);
		}

		void releaseNow() {
			if (this.released.compareAndSet(false, true)) {
				handOver();
			}
		}

	}

}
