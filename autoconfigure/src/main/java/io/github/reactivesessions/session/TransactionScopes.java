package io.github.reactivesessions.session;

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
 * {@link TransactionContextManager} functions are used to create it.
 *
 * @author reactive-sessions
 */
final class TransactionScopes {

	/**
	 * Key of Spring's transaction context holder entry. Its class is not public, so the key
	 * is read from a context Spring's own function creates.
	 */
	private static final Object HOLDER_KEY = TransactionContextManager.getOrCreateContextHolder()
		.apply(Context.empty())
		.stream()
		.findFirst()
		.orElseThrow()
		.getKey();

	private TransactionScopes() {
	}

	/**
	 * A new transaction context, in a new holder, as {@code TransactionalOperator} would
	 * create them. Only the holder is written into flows: Spring finds the transaction
	 * context through it ({@link TransactionContextManager#currentContext()}), and Spring
	 * code running inside joins it, as it would join a {@code TransactionalOperator}'s.
	 * One entry rather than two keeps the Reactor Contexts of a request small: past five
	 * entries each becomes a map, which every operator of the request pays for.
	 */
	static Scope newScope() {
		Context created = TransactionContextManager.getOrCreateContext()
			.apply(TransactionContextManager.getOrCreateContextHolder().apply(Context.empty()));
		return new Scope(HOLDER_KEY, created.get(HOLDER_KEY), created.get(TransactionContext.class));
	}

	/**
	 * The transaction context of the calling flow when it has a connection of the given
	 * factory bound (a Spring transaction of the same bind is running), or {@code null}.
	 */
	static @Nullable Scope joinable(ContextView caller, ConnectionFactory connectionFactory) {
		TransactionContext context = caller.getOrDefault(TransactionContext.class, null);
		if (context == null) {
			return null;
		}
		Object resource = new TransactionSynchronizationManager(context).getResource(connectionFactory);
		return (resource != null) ? new Scope(TransactionContext.class, context, context) : null;
	}

	/**
	 * The Reactor Context entry that puts a flow in a transaction context.
	 * @param key the entry's key
	 * @param value the entry's value
	 * @param transactionContext the transaction context the entry leads to
	 */
	record Scope(Object key, Object value, TransactionContext transactionContext) {

		Context writeTo(Context context) {
			return context.put(this.key, this.value);
		}

	}

}
