package io.github.reactivesessions.session;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

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

	private static final int HAS_REQUEST = 1;

	private static final int HAS_RESULT = 2;

	// Marks the context of a call that may run the caller's code, so that an operation that
	// code starts from inside the call fails rather than waits for it (see reentered).
	private static final Object GUARD = new Object();

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
		return new GuardedMono<>(work, null, closedError);
	}

	/**
	 * Mono variant of {@link #guard(Function)}: the value is delivered once the work has
	 * completed and the lock is released, so that what the subscriber does next does not
	 * queue behind the work that produced it.
	 */
	<T> Mono<T> guardMono(Function<Guard, ? extends Mono<T>> work) {
		return new GuardedMono<>(work, null, null);
	}

	/**
	 * {@link #guardMono(Function)} that tells a listener whether its value was delivered or
	 * its subscriber cancelled first, as {@code doOnNext} and {@code doOnCancel} after it
	 * would, without their two operators.
	 */
	<T> Mono<T> guardMono(Function<Guard, ? extends Mono<T>> work, DeliveryListener listener) {
		return new GuardedMono<>(work, listener, null);
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
			if (subscriber.closedError != null) {
				if (this.closing == null) {
					this.closing = subscriber.closedError;
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
			abandoned.abandon(subscriber.closedError);
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
	private synchronized @Nullable Supplier<? extends Throwable> refusal(GuardSubscriber<?> subscriber) {
		if (subscriber.closedError != null) {
			settleClose(subscriber);
			return null;
		}
		return this.closing;
	}

	/**
	 * A close no longer waits: it was granted the lock, or cancelled (a close that never
	 * runs must not leave the session refusing operations). Counted once per close.
	 */
	private synchronized void settleClose(GuardSubscriber<?> close) {
		if (close.closeSettled) {
			return;
		}
		close.closeSettled = true;
		this.pendingCloses--;
		if (this.pendingCloses == 0) {
			this.closing = null;
		}
	}

	/**
	 * Pass the lock to the next waiter, or free it. Work granted the lock runs in the
	 * granting thread and may end, and release, before the grant returns: such a release
	 * only counts itself, and the loop already running serves it, so that a long queue of
	 * quick operations is served in a loop rather than in ever deeper recursion.
	 */
	private void handOver() {
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
			GuardSubscriber<T> subscriber = new GuardSubscriber<>(actual, this.work, false, null, null);
			actual.onSubscribe(subscriber);
			acquire(subscriber);
		}

	}

	private final class GuardedMono<T> extends Mono<T> {

		private final Function<Guard, ? extends Mono<T>> work;

		private final @Nullable DeliveryListener listener;

		private final @Nullable Supplier<? extends Throwable> closedError;

		GuardedMono(Function<Guard, ? extends Mono<T>> work, @Nullable DeliveryListener listener,
				@Nullable Supplier<? extends Throwable> closedError) {
			this.work = work;
			this.listener = listener;
			this.closedError = closedError;
		}

		@Override
		public void subscribe(CoreSubscriber<? super T> actual) {
			if (reentered(actual)) {
				return;
			}
			GuardSubscriber<T> subscriber = new GuardSubscriber<>(actual, this.work, true, this.listener,
					this.closedError);
			actual.onSubscribe(subscriber);
			acquire(subscriber);
		}

	}

	/**
	 * Subscribes the work once the lock is granted, forwards its signals, and releases the
	 * lock when the work has ended (completed, failed or been cancelled) and no call to the
	 * database it started is still running.
	 */
	private final class GuardSubscriber<T> implements CoreSubscriber<T>, Subscription, Guard {

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

		private final CoreSubscriber<? super T> actual;

		private final Function<Guard, ? extends Publisher<T>> work;

		private final boolean single;

		private final @Nullable DeliveryListener listener;

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

		private @Nullable Waiter waiter;

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

		GuardSubscriber(CoreSubscriber<? super T> actual, Function<Guard, ? extends Publisher<T>> work, boolean single,
				@Nullable DeliveryListener listener, @Nullable Supplier<? extends Throwable> closedError) {
			this.actual = actual;
			this.work = work;
			this.single = single;
			this.listener = listener;
			this.closedError = closedError;
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
			return new RunToEndMono<>(call, scope, this, callerCode, null);
		}

		@Override
		public <R> Flux<R> runToEnd(Publisher<R> call, @Nullable Function<Context, Context> scope, boolean callerCode) {
			return new RunToEndFlux<>(call, scope, this, callerCode);
		}

		@Override
		public Mono<Void> runToEnd(Mono<Void> call, Function<Context, Context> scope, boolean callerCode,
				CallListener listener) {
			return new RunToEndMono<>(call, scope, this, callerCode, listener);
		}

		boolean isOf(SessionLock lock) {
			return lock == SessionLock.this;
		}

		void waiting(Waiter waiter) {
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
			Supplier<? extends Throwable> refusal = refusal(this);
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
					this.actual.onError(SessionLock.this.failures.apply(error));
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
				if (this.listener != null) {
					this.listener.delivered();
				}
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
			if (this.listener != null) {
				this.listener.cancelled();
			}
			if (this.closedError != null) {
				settleClose(this);
			}
			Waiter waiter;
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
				handOver();
			}
		}

	}

	/**
	 * Passes a call's signals on until its subscriber cancels, then drains it; tells the
	 * guard it runs under when it starts and ends. Writes the call's context and
	 * tells the call's listener how it ended, so that a call takes one operator rather than
	 * three: each one a signal passes through costs every statement and commit.
	 */
	private static final class RunToEndSubscriber<T> implements CoreSubscriber<T>, Subscription {

		@SuppressWarnings("rawtypes")
		private static final AtomicIntegerFieldUpdater<RunToEndSubscriber> TERMINATED = AtomicIntegerFieldUpdater
			.newUpdater(RunToEndSubscriber.class, "terminated");

		private final CoreSubscriber<? super T> actual;

		private final Context context;

		private final GuardSubscriber<?> guard;

		private final @Nullable CallListener listener;

		private volatile int terminated;

		private volatile boolean cancelled;

		// Set when a close drains the call for its guard: its subscriber gets this error
		// once the call has ended, instead of its values.
		private volatile @Nullable Throwable abandonedBy;

		// The thread subscribing to the call, while it does.
		private volatile @Nullable Thread subscribing;

		// Volatile: a close drains the call from another thread (see abandon).
		private volatile @Nullable Subscription upstream;

		// Whether the subscriber's onSubscribe has returned, after which a close may request.
		private volatile boolean subscribed;

		RunToEndSubscriber(CoreSubscriber<? super T> actual, Context context, GuardSubscriber<?> guard,
				@Nullable CallListener listener) {
			this.actual = actual;
			this.context = context;
			this.guard = guard;
			this.listener = listener;
		}

		static <T> void subscribe(Publisher<T> call, CoreSubscriber<? super T> actual,
				@Nullable Function<Context, Context> scope, GuardSubscriber<?> guard, boolean callerCode,
				@Nullable CallListener listener) {
			Context context = actual.currentContext();
			// Written before the call counts as started: a call that never starts must not
			// keep the guard's lock.
			Context callContext = (scope != null) ? scope.apply(context) : context;
			if (callerCode) {
				callContext = callContext.put(GUARD, guard);
			}
			RunToEndSubscriber<T> subscriber = new RunToEndSubscriber<>(actual, callContext, guard, listener);
			if (!guard.callStarted(subscriber)) {
				Throwable refused = guard.refusedCall();
				if (refused != null) {
					Operators.error(actual, refused);
				}
				else {
					Operators.complete(actual);
				}
				return;
			}
			subscriber.subscribing = Thread.currentThread();
			try {
				call.subscribe(subscriber);
			}
			finally {
				subscriber.subscribing = null;
			}
		}

		/**
		 * Drain the call for a close, and fail its subscriber with the given error once the
		 * call has ended.
		 */
		void abandon(Throwable error) {
			this.abandonedBy = error;
			Subscription upstream = this.upstream;
			if (upstream != null && this.subscribed) {
				upstream.request(Long.MAX_VALUE);
			}
			// Not subscribed yet: onSubscribe drains it once its subscriber has heard of it,
			// so that no signal reaches that subscriber before its onSubscribe.
		}

		@Override
		public Context currentContext() {
			return this.context;
		}

		@Override
		public void onSubscribe(Subscription subscription) {
			if (Operators.validate(this.upstream, subscription)) {
				this.upstream = subscription;
				this.actual.onSubscribe(this);
				this.subscribed = true;
				if (this.abandonedBy != null) {
					subscription.request(Long.MAX_VALUE);
				}
			}
		}

		@Override
		public void onNext(T item) {
			if (this.cancelled || this.abandonedBy != null) {
				Operators.onDiscard(item, this.actual.currentContext());
			}
			else {
				this.actual.onNext(item);
			}
		}

		@Override
		public void onError(Throwable error) {
			if (TERMINATED.compareAndSet(this, 0, 1)) {
				Throwable listenerError = tellListener(error);
				this.guard.callEnded(this);
				Throwable abandoned = this.abandonedBy;
				if (!this.cancelled) {
					this.actual.onError((abandoned != null) ? abandoned : (listenerError != null) ? listenerError : error);
				}
			}
		}

		@Override
		public void onComplete() {
			if (TERMINATED.compareAndSet(this, 0, 1)) {
				Throwable listenerError = tellListener(null);
				this.guard.callEnded(this);
				Throwable abandoned = this.abandonedBy;
				if (!this.cancelled) {
					if (abandoned != null) {
						this.actual.onError(abandoned);
					}
					else if (listenerError != null) {
						// As doOnEach would: a listener that throws fails the call.
						this.actual.onError(listenerError);
					}
					else {
						this.actual.onComplete();
					}
				}
			}
		}

		/**
		 * Tell the listener how the call ended.
		 * @return what the listener threw, with the call's error suppressed in it as
		 * {@code doOnEach} reports it, or {@code null}
		 */
		private @Nullable Throwable tellListener(@Nullable Throwable error) {
			if (this.listener == null) {
				return null;
			}
			try {
				this.listener.ended(error, this.subscribing == Thread.currentThread());
				return null;
			}
			catch (Throwable ex) {
				return Operators.onOperatorError(null, ex, error, this.actual.currentContext());
			}
		}

		@Override
		public void request(long n) {
			Subscription upstream = this.upstream;
			if (upstream != null && !this.cancelled && this.abandonedBy == null) {
				upstream.request(n);
			}
		}

		@Override
		public void cancel() {
			Subscription upstream = this.upstream;
			if (!this.cancelled && upstream != null) {
				this.cancelled = true;
				upstream.request(Long.MAX_VALUE);
			}
		}

	}

	private static final class RunToEndFlux<T> extends Flux<T> {

		private final Publisher<T> call;

		private final @Nullable Function<Context, Context> scope;

		private final GuardSubscriber<?> guard;

		private final boolean callerCode;

		RunToEndFlux(Publisher<T> call, @Nullable Function<Context, Context> scope, GuardSubscriber<?> guard,
				boolean callerCode) {
			this.call = call;
			this.scope = scope;
			this.guard = guard;
			this.callerCode = callerCode;
		}

		@Override
		public void subscribe(CoreSubscriber<? super T> actual) {
			RunToEndSubscriber.subscribe(this.call, actual, this.scope, this.guard, this.callerCode, null);
		}

	}

	private static final class RunToEndMono<T> extends Mono<T> {

		private final Mono<T> call;

		private final @Nullable Function<Context, Context> scope;

		private final GuardSubscriber<?> guard;

		private final boolean callerCode;

		private final @Nullable CallListener listener;

		RunToEndMono(Mono<T> call, @Nullable Function<Context, Context> scope, GuardSubscriber<?> guard,
				boolean callerCode, @Nullable CallListener listener) {
			this.call = call;
			this.scope = scope;
			this.guard = guard;
			this.callerCode = callerCode;
			this.listener = listener;
		}

		@Override
		public void subscribe(CoreSubscriber<? super T> actual) {
			RunToEndSubscriber.subscribe(this.call, actual, this.scope, this.guard, this.callerCode, this.listener);
		}

	}

	/**
	 * The lock as held by one operation: what its work is given to run with.
	 */
	interface Guard {

		/**
		 * Return the Reactor Context of the operation's subscriber.
		 */
		ContextView caller();

		/**
		 * Run a call to the database to its end even when its subscriber cancels: past a
		 * cancel its values are discarded, and the operation keeps the lock until the call
		 * has ended. A call subscribed once the operation was cancelled or has ended does
		 * not run. The call runs in the context its scope writes, as
		 * {@code contextWrite(scope)} on the call would write it, without that operator.
		 * @param call the call
		 * @param scope writes the call's context, or {@code null} for the caller's
		 * @param callerCode whether the call may run code of the session's caller (a
		 * function given to {@code sql(...).flatMap}, an entity callback, a transaction
		 * synchronization): that code calling the session then fails at once rather than
		 * waits for the call it runs in. Its context gets an entry for it, which the other
		 * calls go without.
		 */
		<T> Mono<T> runToEnd(Mono<T> call, @Nullable Function<Context, Context> scope, boolean callerCode);

		/**
		 * Flux variant of {@link #runToEnd(Mono, Function, boolean)}.
		 */
		<T> Flux<T> runToEnd(Publisher<T> call, @Nullable Function<Context, Context> scope, boolean callerCode);

		/**
		 * {@link #runToEnd(Mono, Function, boolean)} for a call without a value (a commit, a
		 * rollback) that tells a listener how the call ended, before its subscriber hears
		 * of it and before the lock can pass on, as {@code doOnEach} on the call would,
		 * without that operator. The listener is told even when the subscriber has
		 * cancelled: the call ran to its end all the same. A listener that throws fails the
		 * call with its exception.
		 * @param call the call
		 * @param scope writes the call's context
		 * @param callerCode whether the call may run code of the session's caller
		 * @param listener told how the call ended
		 */
		Mono<Void> runToEnd(Mono<Void> call, Function<Context, Context> scope, boolean callerCode,
				CallListener listener);

	}

	/**
	 * Told how a call run by {@link Guard#runToEnd(Mono, Function, boolean, CallListener)} ended.
	 */
	@FunctionalInterface
	interface CallListener {

		/**
		 * The call has ended.
		 * @param error its error, or {@code null} when it completed
		 * @param failedOnSubscribe whether it failed while it was being subscribed, on the
		 * subscribing thread: the driver refused it at once (a connection it knew was
		 * closed), so nothing of it reached the database, where a failure that comes later
		 * may follow a statement the database received
		 */
		void ended(@Nullable Throwable error, boolean failedOnSubscribe);

	}

	/**
	 * Told by a guard whether its value reached its subscriber, or the subscriber cancelled
	 * first.
	 */
	interface DeliveryListener {

		/**
		 * The value is about to be delivered.
		 */
		void delivered();

		/**
		 * The subscriber cancelled (possibly after the value was delivered).
		 */
		void cancelled();

	}

	private final class Waiter {

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
