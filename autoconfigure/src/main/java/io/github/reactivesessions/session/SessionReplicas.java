package io.github.reactivesessions.session;

import java.util.function.BooleanSupplier;

import io.r2dbc.spi.ConnectionFactory;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.util.context.ContextView;

import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.reactive.TransactionContext;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;
import org.springframework.transaction.support.DefaultTransactionDefinition;

/**
 * Where one session opened with {@link ReplicaReads} reads: the replica they give, asked
 * once, until the session moves to the primary (its first write or {@code begin} block, or
 * {@link ReactiveSession#usePrimary()}) for the rest of its life. Decides for
 * {@link SessionTransactions}, which opens and ends the transactions; the fields change
 * under the session's lock, except {@link #usePrimary()}, which only ever sets
 * {@code primary}.
 */
final class SessionReplicas {

	private static final Log logger = LogFactory.getLog(SessionReplicas.class);

	private final String key;

	private final ReplicaReads reads;

	private volatile @Nullable Replica replica;

	private boolean asked;

	private volatile boolean primary;

	SessionReplicas(String key, ReplicaReads reads) {
		this.key = key;
		this.reads = reads;
	}

	/**
	 * The replica a new transaction reads on, or {@code null} for the primary: for a write
	 * (which moves the session), once the session is on the primary, and inside a Spring
	 * transaction of the bind, which the session joins.
	 */
	@Nullable Replica forTransaction(ContextView caller, ConnectionFactory primaryConnectionFactory, boolean write) {
		if (this.primary) {
			return null;
		}
		if (write) {
			this.primary = true;
			return null;
		}
		if (!this.asked) {
			this.asked = true;
			this.replica = this.reads.replica();
		}
		if (this.replica == null || TransactionScopes.joinable(caller, primaryConnectionFactory) != null) {
			return null;
		}
		return this.replica;
	}

	/**
	 * Whether the session must leave the replica transaction it holds: for a write (a
	 * statement that may write, or a flush with changes), or, outside a begin block, once
	 * told to use the primary.
	 */
	boolean mustLeave(SessionTransaction tx, boolean mayWrite, boolean flushFirst, BooleanSupplier hasChanges) {
		return tx.replica() != null
				&& (mayWrite || (this.primary && !tx.explicit()) || (flushFirst && hasChanges.getAsBoolean()));
	}

	/**
	 * Whether a statement can run in the given transaction without asking
	 * {@link #mustLeave}: not a replica's, or one the statement may stay in.
	 */
	boolean mayStayIn(SessionTransaction tx, boolean mayWrite) {
		return tx.replica() == null || !(mayWrite || (this.primary && !tx.explicit()));
	}

	/**
	 * The session leaves the replica for the primary.
	 */
	void movedToPrimary() {
		this.primary = true;
	}

	/**
	 * Read on the primary from now on.
	 * @param current the session's transaction, if any
	 */
	void usePrimary(@Nullable SessionTransaction current) {
		Replica replica = (current != null) ? current.replica() : null;
		if (replica != null && current.explicit()) {
			throw new IllegalStateException(("Session of bind '%s' is inside a begin block on its replica '%s': "
					+ "call usePrimary() before the block").formatted(this.key, replica.name()));
		}
		this.primary = true;
	}

	/**
	 * The name of the replica the session reads on, or {@code null}.
	 * @param current the session's transaction, if any: where it runs wins
	 */
	@Nullable String name(@Nullable SessionTransaction current) {
		if (current != null) {
			Replica replica = current.replica();
			return (replica != null) ? replica.name() : null;
		}
		Replica replica = this.primary ? null : this.replica;
		return (replica != null) ? replica.name() : null;
	}

	/**
	 * Whether a failure to open a transaction on the replica is one of its connection:
	 * the session then reads on the primary.
	 */
	static boolean isConnectionFailure(Throwable failure) {
		return failure instanceof CannotCreateTransactionException || DatabaseFailures.isObtainFailure(failure)
				|| DatabaseFailures.isConnectionLost(failure);
	}

	/**
	 * The replica's connection failed: tell the replica reads, read on the primary.
	 */
	void unavailable(Replica replica, Throwable failure) {
		this.replica = null;
		this.reads.unavailable(replica, failure);
	}

	/**
	 * The commit that ended a replica's read-only transaction failed: nothing was written,
	 * so the session goes on to the primary; a replica whose connection failed is told as
	 * unavailable.
	 */
	void endFailed(Replica replica, Throwable failure) {
		logger.debug("Bind '%s': the end of a read-only transaction on replica '%s' failed".formatted(this.key,
				replica.name()), failure);
		if (isConnectionFailure(failure)) {
			this.reads.unavailable(replica, failure);
		}
	}

	void committedOnPrimary() {
		this.reads.committedOnPrimary();
	}

	/**
	 * The read-only version of a transaction definition, for a replica.
	 */
	static TransactionDefinition readOnly(TransactionDefinition definition) {
		if (definition.isReadOnly()) {
			return definition;
		}
		DefaultTransactionDefinition readOnly = new DefaultTransactionDefinition(definition);
		readOnly.setReadOnly(true);
		return readOnly;
	}

	/**
	 * Bind the replica's connection of a transaction under the bind's connection factory
	 * too: the bind's template, which the session's statements use, and Spring code using
	 * the bind's DatabaseClient find it there.
	 */
	static void bindUnderPrimary(TransactionContext context, Replica replica, ConnectionFactory primary) {
		TransactionSynchronizationManager resources = new TransactionSynchronizationManager(context);
		resources.bindResource(primary, resources.getResource(replica.connectionFactory()));
	}

	static void unbindFromPrimary(TransactionContext context, ConnectionFactory primary) {
		new TransactionSynchronizationManager(context).unbindResourceIfPossible(primary);
	}

}
