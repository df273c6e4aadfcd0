package io.github.reactivesessions.session;

import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * The lock as held by one operation: what its work is given to run with.
 */
interface Guard {

	/**
	 * A call that may run code of the session's caller, which then must not call the
	 * session (see {@link #runToEnd(Mono, Function, boolean)}): the entity callbacks the
	 * template runs when it reads or saves an entity, the functions given to {@code sql()}.
	 */
	boolean CALLER_CODE = true;

	/**
	 * A call that runs only the session's own code.
	 */
	boolean OWN_CODE = false;

	/**
	 * Return the Reactor Context of the operation's subscriber.
	 */
	ContextView caller();

	/**
	 * Run a call to the database to its end even when its subscriber cancels: past a
	 * cancel its values are discarded, and the operation keeps the lock until the call
	 * has ended. A call subscribed once the operation was cancelled or has ended does
	 * not run. The call runs in the context its scope writes, written with
	 * {@code contextWrite(scope)}.
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

}
