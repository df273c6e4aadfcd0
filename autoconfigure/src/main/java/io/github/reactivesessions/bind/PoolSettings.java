package io.github.reactivesessions.bind;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Connection pool settings of a bind built from a url, applied to an r2dbc-pool
 * {@code ConnectionPool}. Unlike r2dbc-pool, acquiring a connection gives up after a finite
 * {@link #maxAcquireTime(Duration) max-acquire-time}, so an exhausted pool fails requests
 * instead of hanging them.
 *
 * @since 0.1.0
 */
public final class PoolSettings {

	/**
	 * Default time to wait for a connection from an exhausted pool.
	 */
	public static final Duration DEFAULT_MAX_ACQUIRE_TIME = Duration.ofSeconds(10);

	private boolean enabled = true;

	private int initialSize;

	private int maxSize = 10;

	private Duration maxIdleTime = Duration.ofMinutes(30);

	private @Nullable Duration maxLifeTime;

	private Duration maxAcquireTime = DEFAULT_MAX_ACQUIRE_TIME;

	private @Nullable Duration maxCreateConnectionTime;

	private @Nullable String validationQuery;

	private int acquireRetry = 1;

	/**
	 * Set whether connections are pooled; {@code true} by default.
	 * @param enabled whether to pool
	 * @return these settings
	 */
	public PoolSettings enabled(boolean enabled) {
		this.enabled = enabled;
		return this;
	}

	/**
	 * Set the number of connections opened with the first acquisition; 0 by default, so an
	 * idle bind holds no connection.
	 * @param initialSize the initial size
	 * @return these settings
	 */
	public PoolSettings initialSize(int initialSize) {
		Assert.isTrue(initialSize >= 0, "Initial size must not be negative");
		this.initialSize = initialSize;
		return this;
	}

	/**
	 * Set the maximum number of connections; 10 by default.
	 * @param maxSize the maximum size
	 * @return these settings
	 */
	public PoolSettings maxSize(int maxSize) {
		Assert.isTrue(maxSize > 0, "Max size must be positive");
		this.maxSize = maxSize;
		return this;
	}

	/**
	 * Set how long a connection may stay idle before it is closed; 30 minutes by default.
	 * @param maxIdleTime the maximum idle time
	 * @return these settings
	 */
	public PoolSettings maxIdleTime(Duration maxIdleTime) {
		this.maxIdleTime = maxIdleTime;
		return this;
	}

	/**
	 * Set the maximum lifetime of a connection; unlimited by default.
	 * @param maxLifeTime the maximum lifetime, or {@code null} for unlimited
	 * @return these settings
	 */
	public PoolSettings maxLifeTime(@Nullable Duration maxLifeTime) {
		this.maxLifeTime = maxLifeTime;
		return this;
	}

	/**
	 * Set how long to wait for a connection when the pool is exhausted;
	 * {@link #DEFAULT_MAX_ACQUIRE_TIME} by default.
	 * @param maxAcquireTime the maximum acquire time
	 * @return these settings
	 */
	public PoolSettings maxAcquireTime(Duration maxAcquireTime) {
		Assert.isTrue(!maxAcquireTime.isNegative() && !maxAcquireTime.isZero(), "Max acquire time must be positive");
		this.maxAcquireTime = maxAcquireTime;
		return this;
	}

	/**
	 * Set how long opening a new connection may take; the driver's own limit by default.
	 * @param maxCreateConnectionTime the maximum time, or {@code null}
	 * @return these settings
	 */
	public PoolSettings maxCreateConnectionTime(@Nullable Duration maxCreateConnectionTime) {
		this.maxCreateConnectionTime = maxCreateConnectionTime;
		return this;
	}

	/**
	 * Set a query that validates a connection before it is handed out; by default the
	 * driver's own validation is used.
	 * @param validationQuery the query, or {@code null}
	 * @return these settings
	 */
	public PoolSettings validationQuery(@Nullable String validationQuery) {
		this.validationQuery = validationQuery;
		return this;
	}

	/**
	 * Set how many times an acquisition that failed without timing out is tried again: a
	 * connection that failed its validation (one that died while idle in the pool), or a
	 * connection attempt that failed; 1 by default. An acquisition that timed out is never
	 * tried again, so that {@link #maxAcquireTime(Duration) max-acquire-time} is the whole
	 * wait for an exhausted pool (r2dbc-pool's own retry doubled it).
	 * @param acquireRetry the number of retries
	 * @return these settings
	 */
	public PoolSettings acquireRetry(int acquireRetry) {
		Assert.isTrue(acquireRetry >= 0, "Acquire retry must not be negative");
		this.acquireRetry = acquireRetry;
		return this;
	}

	/**
	 * Return whether connections are pooled.
	 * @return whether to pool
	 */
	public boolean isEnabled() {
		return this.enabled;
	}

	/**
	 * Return the initial size.
	 * @return the initial size
	 */
	public int getInitialSize() {
		return this.initialSize;
	}

	/**
	 * Return the maximum size.
	 * @return the maximum size
	 */
	public int getMaxSize() {
		return this.maxSize;
	}

	/**
	 * Return the maximum idle time.
	 * @return the maximum idle time
	 */
	public Duration getMaxIdleTime() {
		return this.maxIdleTime;
	}

	/**
	 * Return the maximum lifetime.
	 * @return the maximum lifetime, or {@code null} when unlimited
	 */
	public @Nullable Duration getMaxLifeTime() {
		return this.maxLifeTime;
	}

	/**
	 * Return the maximum acquire time.
	 * @return the maximum acquire time
	 */
	public Duration getMaxAcquireTime() {
		return this.maxAcquireTime;
	}

	/**
	 * Return the maximum connection creation time.
	 * @return the maximum creation time, or {@code null}
	 */
	public @Nullable Duration getMaxCreateConnectionTime() {
		return this.maxCreateConnectionTime;
	}

	/**
	 * Return the validation query.
	 * @return the validation query, or {@code null}
	 */
	public @Nullable String getValidationQuery() {
		return this.validationQuery;
	}

	/**
	 * Return how many times a failed acquisition is tried again.
	 * @return the number of retries
	 */
	public int getAcquireRetry() {
		return this.acquireRetry;
	}

}
