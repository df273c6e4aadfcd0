package io.github.reactivesessions.autoconfigure.health;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import io.github.reactivesessions.bind.Bind;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.PoolMetrics;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ValidationDepth;
import reactor.core.publisher.Mono;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;

/**
 * Health of one bind: UP when a connection of its pool validates against the database
 * within the timeout, DOWN with the key and the cause otherwise.
 *
 * <p>When every connection of the pool is in use the check takes none (it would queue
 * behind the application's own requests, and report a busy application as down): it
 * reports UP with the pool's figures, which say it is saturated.
 */
final class BindHealthIndicator implements ReactiveHealthIndicator {

	private final Bind bind;

	private final Duration timeout;

	BindHealthIndicator(Bind bind, Duration timeout) {
		this.bind = bind;
		this.timeout = timeout;
	}

	@Override
	public Mono<Health> health() {
		return Mono.defer(() -> {
			ConnectionFactory connectionFactory = this.bind.connectionFactory();
			Health.Builder builder = Health.up()
				.withDetail("key", this.bind.key())
				.withDetail("database", connectionFactory.getMetadata().getName());
			PoolMetrics pool = (connectionFactory instanceof ConnectionPool connectionPool)
					? connectionPool.getMetrics().orElse(null) : null;
			if (pool != null) {
				builder.withDetail("pool", poolDetails(pool));
				if (pool.idleSize() == 0 && pool.allocatedSize() >= pool.getMaxAllocatedSize()) {
					return Mono.just(builder.withDetail("validation", "skipped: every connection is in use").build());
				}
			}
			return Mono.usingWhen(connectionFactory.create(),
					(connection) -> Mono.from(connection.validate(ValidationDepth.REMOTE)), Connection::close,
					(connection, ex) -> connection.close(), Connection::close)
				.timeout(this.timeout)
				.map((valid) -> valid ? builder.withDetail("validation", "validate(REMOTE)").build()
						: builder.down().withDetail("error", "Bind '%s': a connection of its database failed validation"
							.formatted(this.bind.key())).build())
				.onErrorResume((ex) -> Mono.just(builder.down().withDetail("error", describe(ex)).build()));
		});
	}

	private String describe(Throwable ex) {
		if (ex instanceof TimeoutException) {
			return "Bind '%s' got no validated connection within %s".formatted(this.bind.key(), this.timeout);
		}
		return "Bind '%s' cannot reach its database: %s: %s".formatted(this.bind.key(), ex.getClass().getName(),
				ex.getMessage());
	}

	private static Map<String, Integer> poolDetails(PoolMetrics pool) {
		Map<String, Integer> details = new LinkedHashMap<>();
		details.put("acquired", pool.acquiredSize());
		details.put("idle", pool.idleSize());
		details.put("pending", pool.pendingAcquireSize());
		details.put("max", pool.getMaxAllocatedSize());
		return details;
	}

}
