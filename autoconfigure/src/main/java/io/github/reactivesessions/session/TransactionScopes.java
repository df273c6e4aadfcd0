package io.github.reactivesessions.session;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import io.r2dbc.spi.ConnectionFactory;
import org.jspecify.annotations.Nullable;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

import org.springframework.transaction.reactive.TransactionContext;
import org.springframework.transaction.reactive.TransactionContextManager;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;

/**
 * Creates and finds the Reactor Context entries under which Spring's reactive transaction
 * machinery keeps its state ({@code TransactionContext} and its holder).
 *
 * <p>A session's transaction outlives any single subscription (autobegin, then
 * {@code commit()} later), so the session keeps its own transaction context and writes it
 * into each flow that must see the transaction. Only Spring's public
 * {@link TransactionContextManager} functions are used to create and find it.
 *
 * <p>A session's own scope is one entry, the holder, with the transaction context on its
 * stack: Spring finds the context through it ({@link TransactionContextManager#currentContext()}
 * and {@code TransactionalOperator} both look there) when the flow has no transaction context
 * entry of its own, and every entry counts. A request's Reactor Context already has a few
 * entries; past five, Reactor keeps a context in a map, copied on each write, on every
 * statement of the session (measured in benchmarks/HISTORY.md). A flow that does have a transaction context
 * entry (inside another Spring transaction) gets the session's as well, or Spring would find
 * that one first.
 */
final class TransactionScopes {

	// The holder's class is package-private in Spring: its key is taken from a holder.
	private static final Object HOLDER_KEY = TransactionContextManager.getOrCreateContextHolder()
		.apply(Context.empty())
		.stream()
		.findFirst()
		.orElseThrow()
		.getKey();

	private static final Function<Context, Context> OUTSIDE = (context) -> context.delete(HOLDER_KEY)
		.delete(TransactionContext.class);

	private TransactionScopes() {
	}

	/**
	 * A new transaction context in a holder of its own, as {@code TransactionalOperator}
	 * would create them: Spring code running inside finds and joins it.
	 */
	static Scope newScope() {
		Context holder = TransactionContextManager.getOrCreateContextHolder().apply(Context.empty());
		// Creates the transaction context and pushes it onto the holder's stack.
		TransactionContext context = TransactionContextManager.getOrCreateContext()
			.apply(holder)
			.get(TransactionContext.class);
		return new Scope(HOLDER_KEY, holder.get(HOLDER_KEY), context);
	}

	/**
	 * The transaction context of the calling flow when it has a connection of the given
	 * factory bound (a Spring transaction of the same bind is running), or {@code null}.
	 */
	static @Nullable Scope joinable(ContextView caller, ConnectionFactory connectionFactory) {
		TransactionContext context = current(caller);
		if (context == null) {
			return null;
		}
		Object resource = new TransactionSynchronizationManager(context).getResource(connectionFactory);
		return (resource != null) ? new Scope(TransactionContext.class, context, context) : null;
	}

	/**
	 * The function that takes a flow out of the transaction context it runs in, for a read
	 * outside a transaction, or {@code null} when the given context has none. Otherwise
	 * Spring would bind the read's connection to that transaction (of another bind), and
	 * keep it from the pool until that transaction ends.
	 */
	static @Nullable Function<Context, Context> outside(ContextView caller) {
		return (caller.hasKey(HOLDER_KEY) || caller.hasKey(TransactionContext.class)) ? OUTSIDE : null;
	}

	/**
	 * The transaction context Spring code would find in the given context, or {@code null}.
	 */
	private static @Nullable TransactionContext current(ContextView caller) {
		TransactionContext context = caller.getOrDefault(TransactionContext.class, null);
		if (context != null || !caller.hasKey(HOLDER_KEY)) {
			return context;
		}
		// Only Spring can read a holder; its lookup answers at once, on subscription.
		AtomicReference<@Nullable TransactionContext> found = new AtomicReference<>();
		TransactionContextManager.currentContext()
			.onErrorComplete()
			.contextWrite(caller)
			.subscribe(found::set);
		return found.get();
	}

	/**
	 * The Reactor Context entry that puts a flow in a transaction context, and the function
	 * that writes it ({@code contextWrite(scope)}): one object per transaction rather than a
	 * method reference per flow.
	 * @param key the entry's key: the holder's, or {@code TransactionContext.class} for a
	 * joined transaction
	 * @param value the entry's value
	 * @param transactionContext the transaction context it leads to
	 */
	record Scope(Object key, Object value, TransactionContext transactionContext) implements Function<Context, Context> {

		/**
		 * Whether a flow with the given context already runs in this scope (a statement of a
		 * {@code begin} block, whose work has the scope written): writing it again would
		 * only cost an operator and a context.
		 */
		boolean isWrittenIn(ContextView context) {
			return context.getOrDefault(this.key, null) == this.value && (this.key == TransactionContext.class
					|| context.getOrDefault(TransactionContext.class, this.transactionContext) == this.transactionContext);
		}

		@Override
		public Context apply(Context context) {
			Context written = context.put(this.key, this.value);
			return (this.key != TransactionContext.class && written.hasKey(TransactionContext.class))
					? written.put(TransactionContext.class, this.transactionContext) : written;
		}

	}

}
