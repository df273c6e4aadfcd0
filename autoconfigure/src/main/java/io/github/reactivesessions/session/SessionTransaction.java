package io.github.reactivesessions.session;

import java.util.ArrayDeque;
import java.util.Deque;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import org.jspecify.annotations.Nullable;
import reactor.util.context.Context;

import org.springframework.r2dbc.connection.ConnectionHolder;
import org.springframework.transaction.ReactiveTransaction;
import org.springframework.transaction.reactive.TransactionContext;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;

/**
 * The database transaction a session has open: a Spring {@link ReactiveTransaction} of the
 * bind's transaction manager, the Reactor {@link Context} entries under which Spring finds
 * it, and the savepoints open inside it.
 */
final class SessionTransaction {

	/**
	 * For {@link #statementRuns(boolean)}: a statement that only reads (the session's own
	 * selects).
	 */
	static final boolean READS = false;

	/**
	 * For {@link #statementRuns(boolean)}: a statement that may write.
	 */
	static final boolean WRITES = true;

	private final ReactiveTransaction status;

	private final TransactionScopes.Scope scope;

	private final boolean joined;

	private final boolean explicit;

	private final long startNanos = System.nanoTime();

	private final @Nullable Replica replica;

	// Sized for one savepoint: most transactions have none, and the default is 16.
	private final Deque<Savepoint> savepoints = new ArrayDeque<>(1);

	private boolean failed;

	private volatile boolean mayHaveWritten;

	private volatile boolean commitSent;

	SessionTransaction(ReactiveTransaction status, TransactionScopes.Scope scope, boolean joined, boolean explicit) {
		this(status, scope, joined, explicit, null);
	}

	SessionTransaction(ReactiveTransaction status, TransactionScopes.Scope scope, boolean joined, boolean explicit,
			@Nullable Replica replica) {
		this.status = status;
		this.scope = scope;
		this.joined = joined;
		this.explicit = explicit;
		this.replica = replica;
	}

	/**
	 * The replica this read-only transaction runs on, or {@code null} for the primary.
	 */
	@Nullable Replica replica() {
		return this.replica;
	}

	ReactiveTransaction status() {
		return this.status;
	}

	/**
	 * The context entries to write into every flow that must run in this transaction: the
	 * session's own statements and the work passed to {@code begin}.
	 */
	TransactionScopes.Scope scope() {
		return this.scope;
	}

	/**
	 * Whether this transaction is a Spring transaction the session joined rather than one it
	 * started, so that committing it is left to its owner.
	 */
	boolean joined() {
		return this.joined;
	}

	/**
	 * Whether the transaction was opened by {@code begin(...)} rather than by a statement
	 * (autobegin).
	 */
	boolean explicit() {
		return this.explicit;
	}

	long startNanos() {
		return this.startNanos;
	}

	Deque<Savepoint> savepoints() {
		return this.savepoints;
	}

	/**
	 * Record that a flush failed at the innermost level (the newest savepoint, or the
	 * transaction itself): what it wrote half cannot be committed, only rolled back.
	 */
	synchronized void markFailed() {
		Savepoint savepoint = this.savepoints.peek();
		if (savepoint != null) {
			savepoint.markFailed();
		}
		else {
			this.failed = true;
		}
	}

	/**
	 * A statement starts in this transaction.
	 * @param mayWrite whether it may write (anything but the session's own selects)
	 */
	void statementRuns(boolean mayWrite) {
		if (mayWrite) {
			this.mayHaveWritten = true;
		}
	}

	/**
	 * Whether a statement that may write has run in this transaction.
	 */
	boolean mayHaveWritten() {
		return this.mayHaveWritten;
	}

	/**
	 * The commit of this transaction is being sent: from now on its failure may leave it
	 * committed.
	 */
	void commitSent() {
		this.commitSent = true;
	}

	boolean isCommitSent() {
		return this.commitSent;
	}

	synchronized boolean failed() {
		Savepoint savepoint = this.savepoints.peek();
		return (savepoint != null) ? savepoint.failed() : this.failed;
	}

	/**
	 * The connection Spring's transaction manager bound for the given factory.
	 */
	Connection connection(ConnectionFactory connectionFactory) {
		TransactionContext context = this.scope.transactionContext();
		ConnectionHolder holder = (ConnectionHolder) new TransactionSynchronizationManager(context)
			.getResource(connectionFactory);
		if (holder == null) {
			throw new IllegalStateException("No connection is bound to the session's transaction");
		}
		return holder.getConnection();
	}

	/**
	 * A savepoint opened by {@code beginNested}, with the session state to go back to when it
	 * is rolled back.
	 */
	static final class Savepoint {

		private final ReactiveTransaction status;

		private final UnitOfWork.State state;

		private boolean failed;

		Savepoint(ReactiveTransaction status, UnitOfWork.State state) {
			this.status = status;
			this.state = state;
		}

		ReactiveTransaction status() {
			return this.status;
		}

		UnitOfWork.State state() {
			return this.state;
		}

		synchronized void markFailed() {
			this.failed = true;
		}

		synchronized boolean failed() {
			return this.failed;
		}

	}

}
