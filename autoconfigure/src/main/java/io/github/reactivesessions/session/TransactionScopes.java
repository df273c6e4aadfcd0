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

	private TransactionScopes() {
	}

	/**
	 * A new transaction context together with its holder, as {@code TransactionalOperator}
	 * would create them: Spring code running inside finds and joins it.
	 */
	static Scope newScope() {
		Context entries = TransactionContextManager.getOrCreateContext()
			.apply(TransactionContextManager.getOrCreateContextHolder().apply(Context.empty()));
		return new Scope(entries, entries.get(TransactionContext.class));
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
		return (resource != null) ? new Scope(Context.of(TransactionContext.class, context), context) : null;
	}

	/**
	 * The Reactor Context entries that put a flow in a transaction context.
	 * @param entries the entries
	 * @param transactionContext the transaction context they lead to
	 */
	record Scope(Context entries, TransactionContext transactionContext) {

		Context writeTo(Context context) {
			return context.putAll(this.entries.readOnly());
		}

	}

}
