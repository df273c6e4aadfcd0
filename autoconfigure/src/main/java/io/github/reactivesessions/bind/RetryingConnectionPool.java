package io.github.reactivesessions.bind;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.R2dbcTimeoutException;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * An r2dbc-pool {@link ConnectionPool} that tries a failed acquisition again unless it timed
 * out: a connection that fails its validation (one that died while idle) or a connection
 * attempt that failed is replaced, while a pool that stayed exhausted for its
 * max-acquire-time fails at once. r2dbc-pool's own {@code acquireRetry} retries timeouts
 * too, which made an exhausted pool wait twice its max-acquire-time.
 *
 * @author reactive-sessions
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
		this.create = (retries > 0)
				? acquire.retryWhen(Retry.max(retries).filter((ex) -> !(ex instanceof R2dbcTimeoutException))
					.onRetryExhaustedThrow((spec, signal) -> signal.failure()))
				: acquire;
	}

	@Override
	public Mono<Connection> create() {
		return this.create;
	}

}
