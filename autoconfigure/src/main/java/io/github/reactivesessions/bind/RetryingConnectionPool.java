package io.github.reactivesessions.bind;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.R2dbcPermissionDeniedException;
import io.r2dbc.spi.R2dbcTimeoutException;
import reactor.core.publisher.Mono;

/**
 * An r2dbc-pool {@link ConnectionPool} that tries a failed acquisition again unless it timed
 * out or the login was refused: a connection that fails its validation (one that died while
 * idle) or a connection attempt that failed is replaced, while a pool that stayed exhausted
 * for its max-acquire-time fails at once. r2dbc-pool's own {@code acquireRetry} retries timeouts
 * too, which made an exhausted pool wait twice its max-acquire-time.
 *
 * <p>Its connections refuse statements that reach them after their transaction ended (see
 * {@link TransactionGuardedConnection}), and come without a transaction that was begun on
 * them once their last borrower had let them go.
 */
final class RetryingConnectionPool extends ConnectionPool {

	private final Mono<Connection> create;

	/**
	 * Create a pool.
	 * @param configuration the pool's configuration, without acquire retries of its own
	 * @param retries how many times a failed acquisition is tried again
	 */
	RetryingConnectionPool(ConnectionPoolConfiguration configuration, int retries) {
		super(configuration);
		Mono<Connection> acquire = super.create();
		Mono<Connection> create = acquire;
		for (int i = 0; i < retries; i++) {
			// onErrorResume rather than retryWhen, whose companion sink allocates on every
			// acquisition (benchmarks/HISTORY.md, 2026-12-06).
			create = create.onErrorResume(RetryingConnectionPool::isWorthRetrying, (ex) -> acquire);
		}
		this.create = create.flatMap(RetryingConnectionPool::withoutLeftoverTransaction)
			.map(TransactionGuardedConnection::new);
	}

	/**
	 * The connection, its transaction rolled back first when one is open: the release of its
	 * last borrower ended every transaction ({@link ConnectionFactoryCreation}), so one open
	 * now was begun after that, by a flow that had already let the connection go. Spring's
	 * reactive transaction manager does that to a transaction cancelled as it begins
	 * (spring-framework#36344): its {@code BEGIN} arrives once the pool has the connection
	 * back, and the next borrower's statements outside a transaction ran inside it and were
	 * rolled back when that borrower gave the connection back. {@code isAutoCommit()} reads
	 * the driver's own state: the usual connection costs no round trip.
	 */
	private static Mono<Connection> withoutLeftoverTransaction(Connection connection) {
		if (connection.isAutoCommit()) {
			return Mono.just(connection);
		}
		return Mono.from(ConnectionFactoryCreation.resetForNextBorrower(connection))
			.thenReturn(connection)
			.onErrorResume((ex) -> Mono.from(connection.close()).then(Mono.error(ex)));
	}

	/**
	 * Whether another attempt may succeed: not after a timeout (the pool stayed exhausted,
	 * the wait is over) nor a refused login (the same credentials are refused again).
	 */
	private static boolean isWorthRetrying(Throwable ex) {
		return !(ex instanceof R2dbcTimeoutException) && !(ex instanceof R2dbcPermissionDeniedException);
	}

	@Override
	public Mono<Connection> create() {
		return this.create;
	}

}
