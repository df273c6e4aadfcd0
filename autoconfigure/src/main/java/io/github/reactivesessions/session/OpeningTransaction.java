package io.github.reactivesessions.session;

import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * The transaction a subscription to a begin block is opening, so that a block cancelled
 * before it got the transaction rolls it back. Tracked here rather than with
 * {@code doOnDiscard}, whose hook would be one more Reactor Context entry for everything
 * upstream, the pool's acquisition included: past five entries every context becomes a
 * map, copied on each write. Used by {@link SessionTransactions}.
 */
final class OpeningTransaction {

	private final Consumer<SessionTransaction> abandon;

	private @Nullable SessionTransaction opened;

	private boolean delivered;

	private boolean cancelled;

	/**
	 * @param abandon rolls back a transaction no block will end
	 */
	OpeningTransaction(Consumer<SessionTransaction> abandon) {
		this.abandon = abandon;
	}

	void opened(SessionTransaction tx) {
		synchronized (this) {
			this.opened = tx;
			if (!this.cancelled) {
				return;
			}
		}
		this.abandon.accept(tx);
	}

	synchronized void delivered() {
		this.delivered = true;
	}

	void cancelled() {
		SessionTransaction tx;
		synchronized (this) {
			if (this.delivered || this.cancelled) {
				return;
			}
			this.cancelled = true;
			tx = this.opened;
		}
		if (tx != null) {
			this.abandon.accept(tx);
		}
	}

}
