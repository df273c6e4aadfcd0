package io.github.reactivesessions.session;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.Function;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * Subscribes the work once the lock is granted, forwards its signals, and releases the
 * lock when the work has ended (completed, failed or been cancelled) and no call to the
 * database it started is still running.
 */
final class GuardSubscriber<T> implements CoreSubscriber<T>, Subscription, Guard {

	// Field updaters rather than atomic objects: three operations of a request each
	// create a guard, and each object is an allocation.
	@SuppressWarnings("rawtypes")
	private static final AtomicIntegerFieldUpdater<GuardSubscriber> TERMINATED = AtomicIntegerFieldUpdater
		.newUpdater(GuardSubscriber.class, "terminated");

	@SuppressWarnings("rawtypes")
	private static final AtomicIntegerFieldUpdater<GuardSubscriber> DELIVERY = AtomicIntegerFieldUpdater
		.newUpdater(GuardSubscriber.class, "delivery");

	@SuppressWarnings("rawtypes")
	private static final AtomicIntegerFieldUpdater<GuardSubscriber> RELEASED = AtomicIntegerFieldUpdater
		.newUpdater(GuardSubscriber.class, "released");

	private static final int HAS_REQUEST = 1;

	private static final int HAS_RESULT = 2;

	private final SessionLock lock;

	private final CoreSubscriber<? super T> actual;

	private final Function<Guard, ? extends Publisher<T>> work;

	private final boolean single;

	// Set for the work that closes the session: the error of the operations it ends.
	private final @Nullable Supplier<? extends Throwable> closedError;

	private volatile int terminated;

	// Single mode: the value goes out once it is there and has been requested.
	private volatile int delivery;

	// Whether the lock this guard was granted has been passed on.
	private volatile int released;

	private volatile boolean cancelled;

	// Guarded by this: the state that decides when the lock is released.
	private boolean ended;

	private int runningCalls;

	private SessionLock.@Nullable Waiter waiter;

	// The call to the database running under this guard, for a close to drain; calls
	// under one guard run one after the other.
	private @Nullable RunToEndSubscriber<?> runningCall;

	// Why a close ended this streamed operation, once it did.
	private @Nullable Throwable abandonedBy;

	// For a close: whether it stopped waiting (guarded by the lock's monitor).
	private boolean closeSettled;

	// Granted the lock and not cancelled before the work started: the work runs, and
	// the lock is passed on when it has ended.
	private boolean holdsLock;

	private @Nullable Subscription upstream;

	private long pendingDemand;

	private @Nullable T value;

	GuardSubscriber(SessionLock lock, CoreSubscriber<? super T> actual, Function<Guard, ? extends Publisher<T>> work,
			boolean single, @Nullable Supplier<? extends Throwable> closedError) {
		this.lock = lock;
		this.actual = actual;
		this.work = work;
		this.single = single;
		this.closedError = closedError;
	}

	/**
	 * Return the error of the operations a close ends, for the work that closes the
	 * session, or {@code null} for any other work.
	 */
	@Nullable Supplier<? extends Throwable> closedError() {
		return this.closedError;
	}

	/**
	 * Mark this close as no longer waiting; called under the lock's monitor.
	 * @return {@code false} when it was marked before
	 */
	boolean markCloseSettled() {
		assert Thread.holdsLock(this.lock);
		if (this.closeSettled) {
			return false;
		}
		this.closeSettled = true;
		return true;
	}

	// The caller's context as it is: the guard is handed to its work rather than written
	// into the context, where each entry costs every operator of the work and its calls
	// (past five entries Reactor keeps a context in a map, copied on each write).
	@Override
	public Context currentContext() {
		return this.actual.currentContext();
	}

	@Override
	public ContextView caller() {
		return currentContext();
	}

	@Override
	public <R> Mono<R> runToEnd(Mono<R> call, @Nullable Function<Context, Context> scope, boolean callerCode) {
		return new RunToEndSubscriber.RunToEndMono<>((scope != null) ? call.contextWrite(scope) : call, this, callerCode,
				null);
	}

	@Override
	public <R> Flux<R> runToEnd(Publisher<R> call, @Nullable Function<Context, Context> scope, boolean callerCode) {
		return new RunToEndSubscriber.RunToEndFlux<>((scope != null) ? Flux.from(call).contextWrite(scope) : call, this,
				callerCode);
	}

	@Override
	public Mono<Void> runToEnd(Mono<Void> call, Function<Context, Context> scope, boolean callerCode,
			Guard.CallListener listener) {
		return new RunToEndSubscriber.RunToEndMono<>(call.contextWrite(scope), this, callerCode, listener);
	}

	boolean isOf(SessionLock lock) {
		return lock == this.lock;
	}

	void waiting(SessionLock.Waiter waiter) {
		synchronized (this) {
			this.waiter = waiter;
			if (!this.cancelled) {
				return;
			}
		}
		waiter.cancel();
	}

	void granted() {
		boolean runs;
		synchronized (this) {
			runs = !this.cancelled;
			this.holdsLock = runs;
		}
		if (!runs) {
			// Cancelled before the work started: nothing to run, pass the lock on.
			passOn();
			return;
		}
		Supplier<? extends Throwable> refusal = this.lock.refusal(this);
		if (refusal != null) {
			// The session is closing: the work never runs, and the lock passes on.
			onError(refusal.get());
			return;
		}
		Publisher<T> source;
		try {
			source = Objects.requireNonNull(this.work.apply(this), "The work of a guard must not be null");
		}
		catch (Throwable ex) {
			onError(Operators.onOperatorError(ex, this.actual.currentContext()));
			return;
		}
		source.subscribe(this);
	}

	/**
	 * A call to the database starts under this guard.
	 * @return {@code false} when the work was cancelled, ended or abandoned: the call
	 * must not run
	 */
	synchronized boolean callStarted(RunToEndSubscriber<?> call) {
		if (this.cancelled || this.ended || this.abandonedBy != null) {
			return false;
		}
		this.runningCalls++;
		this.runningCall = call;
		return true;
	}

	/**
	 * The error a call that may not start ends with: the close that abandoned this
	 * operation, or none (it completes empty) when the operation was cancelled.
	 */
	synchronized @Nullable Throwable refusedCall() {
		return this.abandonedBy;
	}

	/**
	 * A close asked for the lock while this streamed operation holds it: drain its running
	 * call, which then fails with the closed error, so that the lock passes on whatever
	 * its subscriber does. Operations with one value finish by themselves.
	 */
	void abandon(@Nullable Supplier<? extends Throwable> closedError) {
		if (this.single || closedError == null) {
			return;
		}
		RunToEndSubscriber<?> call;
		Throwable error;
		synchronized (this) {
			if (this.cancelled || this.ended || this.abandonedBy != null) {
				return;
			}
			error = closedError.get();
			this.abandonedBy = error;
			call = this.runningCall;
		}
		if (call != null) {
			call.abandon(error);
		}
	}

	void callEnded(RunToEndSubscriber<?> call) {
		boolean release;
		synchronized (this) {
			this.runningCalls--;
			if (this.runningCall == call) {
				this.runningCall = null;
			}
			release = this.ended && this.runningCalls == 0;
		}
		if (release) {
			release();
		}
	}

	@Override
	public void onSubscribe(Subscription subscription) {
		long demand;
		boolean cancelled;
		synchronized (this) {
			if (this.upstream != null) {
				subscription.cancel();
				return;
			}
			this.upstream = subscription;
			cancelled = this.cancelled;
			demand = this.single ? Long.MAX_VALUE : this.pendingDemand;
		}
		if (cancelled) {
			// Cancelled while the work was being assembled: it never runs.
			subscription.cancel();
			end();
		}
		else if (demand > 0) {
			subscription.request(demand);
		}
	}

	@Override
	public void onNext(T item) {
		if (this.cancelled) {
			Operators.onDiscard(item, this.actual.currentContext());
		}
		else if (this.single) {
			this.value = item;
		}
		else {
			this.actual.onNext(item);
		}
	}

	@Override
	public void onError(Throwable error) {
		if (TERMINATED.compareAndSet(this, 0, 1)) {
			end();
			if (!this.cancelled) {
				this.actual.onError(this.lock.failure(error));
			}
		}
	}

	@Override
	public void onComplete() {
		if (TERMINATED.compareAndSet(this, 0, 1)) {
			end();
			if (!this.single) {
				if (!this.cancelled) {
					this.actual.onComplete();
				}
			}
			else if ((DELIVERY.getAndUpdate(this, (state) -> state | HAS_RESULT) & HAS_REQUEST) != 0) {
				deliverSingle();
			}
		}
	}

	private void deliverSingle() {
		T item = this.value;
		this.value = null;
		if (this.cancelled) {
			if (item != null) {
				Operators.onDiscard(item, this.actual.currentContext());
			}
			return;
		}
		if (item != null) {
			this.actual.onNext(item);
		}
		this.actual.onComplete();
	}

	@Override
	public void request(long n) {
		if (!Operators.validate(n)) {
			return;
		}
		if (this.single) {
			int before = DELIVERY.getAndUpdate(this, (state) -> state | HAS_REQUEST);
			if ((before & HAS_REQUEST) == 0 && (before & HAS_RESULT) != 0) {
				deliverSingle();
			}
			return;
		}
		Subscription subscription;
		synchronized (this) {
			subscription = this.upstream;
			if (subscription == null) {
				this.pendingDemand = Operators.addCap(this.pendingDemand, n);
				return;
			}
		}
		subscription.request(n);
	}

	@Override
	public void cancel() {
		if (this.closedError != null) {
			this.lock.settleClose(this);
		}
		SessionLock.Waiter waiter;
		Subscription subscription;
		synchronized (this) {
			if (this.cancelled) {
				return;
			}
			this.cancelled = true;
			T item = this.value;
			this.value = null;
			if (item != null) {
				Operators.onDiscard(item, this.actual.currentContext());
			}
			waiter = this.holdsLock ? null : this.waiter;
			subscription = this.upstream;
		}
		if (waiter != null) {
			waiter.cancel();
		}
		if (subscription != null) {
			// Stops the work; the call to the database it is in runs to its end first.
			subscription.cancel();
			end();
		}
		// Granted but not subscribed yet: onSubscribe ends it.
	}

	/**
	 * The work has ended: release the lock, at once or when its last running call ends.
	 */
	private void end() {
		boolean release;
		synchronized (this) {
			this.ended = true;
			release = this.runningCalls == 0;
		}
		if (release) {
			release();
		}
	}

	private void release() {
		boolean held;
		synchronized (this) {
			held = this.holdsLock;
		}
		if (held) {
			passOn();
		}
	}

	/**
	 * Pass the lock on, once: to the next waiter, or free it.
	 */
	private void passOn() {
		if (RELEASED.compareAndSet(this, 0, 1)) {
			this.lock.handOver();
		}
	}

}
