package io.github.reactivesessions.session;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

import org.springframework.transaction.reactive.TransactionContext;
import org.springframework.transaction.reactive.TransactionContextManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Reactor Context entry of a session's transaction: where Spring finds the transaction
 * context, and when a flow already runs in it (a statement inside {@code begin} then skips
 * writing it again).
 */
class TransactionScopesTests {

	@Test
	void springFindsTheTransactionContextOfAScopeWrittenIntoAFlow() {
		TransactionScopes.Scope scope = TransactionScopes.newScope();
		TransactionContext found = TransactionContextManager.currentContext().contextWrite(scope).block();
		assertThat(found).isSameAs(scope.transactionContext());
	}

	@Test
	void aFlowInWhichTheScopeWasWrittenRunsInIt() {
		TransactionScopes.Scope scope = TransactionScopes.newScope();
		assertThat(scope.isWrittenIn(scope.apply(Context.of("request", "entry")))).isTrue();
	}

	@Test
	void aFlowWithoutTheScopeOrWithAnotherTransactionsScopeDoesNotRunInIt() {
		TransactionScopes.Scope scope = TransactionScopes.newScope();
		TransactionScopes.Scope other = TransactionScopes.newScope();
		assertThat(scope.isWrittenIn(Context.of("request", "entry"))).isFalse();
		assertThat(scope.isWrittenIn(other.apply(Context.empty()))).isFalse();
		// A scope written outside another one is hidden by it.
		assertThat(scope.isWrittenIn(other.apply(scope.apply(Context.empty())))).isFalse();
	}

	@Test
	void aFlowWhoseOwnTransactionContextEntryHidesTheScopeDoesNotRunInIt() {
		TransactionScopes.Scope scope = TransactionScopes.newScope();
		Context hidden = scope.apply(Context.empty()).put(TransactionContext.class, TransactionScopes.newScope()
			.transactionContext());
		assertThat(scope.isWrittenIn(hidden)).isFalse();
		// Written again, the scope's own context is the one Spring finds.
		TransactionContext found = TransactionContextManager.currentContext()
			.contextWrite(scope.apply(hidden))
			.block();
		assertThat(found).isSameAs(scope.transactionContext());
	}

	@Test
	void aScopeOfAJoinedTransactionIsTheCallersTransactionContextEntry() {
		TransactionScopes.Scope callers = TransactionScopes.newScope();
		Context caller = TransactionContextManager.getOrCreateContext().apply(callers.apply(Context.empty()));
		TransactionScopes.Scope joined = new TransactionScopes.Scope(TransactionContext.class,
				callers.transactionContext(), callers.transactionContext());
		assertThat(joined.isWrittenIn(caller)).isTrue();
		assertThat(joined.isWrittenIn(Context.empty())).isFalse();
		assertThat(Mono.deferContextual((context) -> Mono.just(joined.isWrittenIn(context)))
			.contextWrite(joined)
			.block()).isTrue();
	}

}
