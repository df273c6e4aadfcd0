package io.github.reactivesessions.session;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * Passes a call's signals on until its subscriber cancels, then drains it; tells the
 * guard it runs under when it starts and ends, and the call's listener how it ended and
 * whether it failed in the subscribing thread (which only the subscriber of the call can
 * see). No Reactor operator runs a call to its end on cancel, so this one is written by
 * hand.
 */
final class RunToEndSubscriber<T> implements CoreSubscriber<T>, Subscription {

	@SuppressWarnings("rawtypes")
	private static final AtomicIntegerFieldUpdater<RunToEndSubscriber> TERMINATED = AtomicIntegerFieldUpdater
		.newUpdater(RunToEndSubscriber.class, "terminated");

	private final CoreSubscriber<? super T> actual;

	private final Context context;

	private final GuardSubscriber<?> guard;

	private final Guard.@Nullable CallListener listener;

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
			Guard.@Nullable CallListener listener) {
		this.actual = actual;
		this.context = context;
		this.guard = guard;
		this.listener = listener;
	}

	static <T> void subscribe(Publisher<T> call, CoreSubscriber<? super T> actual, GuardSubscriber<?> guard,
			boolean callerCode, Guard.@Nullable CallListener listener) {
		Context callContext = actual.currentContext();
		if (callerCode) {
			callContext = callContext.put(SessionLock.GUARD, guard);
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

	static final class RunToEndFlux<T> extends Flux<T> {

		private final Publisher<T> call;

		private final GuardSubscriber<?> guard;

		private final boolean callerCode;

		RunToEndFlux(Publisher<T> call, GuardSubscriber<?> guard, boolean callerCode) {
			this.call = call;
			this.guard = guard;
			this.callerCode = callerCode;
		}

		@Override
		public void subscribe(CoreSubscriber<? super T> actual) {
			RunToEndSubscriber.subscribe(this.call, actual, this.guard, this.callerCode, null);
		}

	}

	static final class RunToEndMono<T> extends Mono<T> {

		private final Mono<T> call;

		private final GuardSubscriber<?> guard;

		private final boolean callerCode;

		private final Guard.@Nullable CallListener listener;

		RunToEndMono(Mono<T> call, GuardSubscriber<?> guard, boolean callerCode, Guard.@Nullable CallListener listener) {
			this.call = call;
			this.guard = guard;
			this.callerCode = callerCode;
			this.listener = listener;
		}

		@Override
		public void subscribe(CoreSubscriber<? super T> actual) {
			RunToEndSubscriber.subscribe(this.call, actual, this.guard, this.callerCode, this.listener);
		}

	}

}
