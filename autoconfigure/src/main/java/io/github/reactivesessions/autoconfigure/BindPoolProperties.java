package io.github.reactivesessions.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Connection pool of a bind built from a url, {@code sa.binds.<key>.pool.*}.
 *
 * @since 0.1.0
 */
public class BindPoolProperties {

	/**
	 * Whether connections are pooled.
	 */
	private boolean enabled = true;

	/**
	 * Number of connections opened with the first acquisition.
	 */
	private int initialSize;

	/**
	 * Maximum number of connections.
	 */
	private int maxSize = 10;

	/**
	 * How long a connection may stay idle before it is closed.
	 */
	private Duration maxIdleTime = Duration.ofMinutes(30);

	/**
	 * Maximum lifetime of a connection; unlimited when not set.
	 */
	private @Nullable Duration maxLifeTime;

	/**
	 * How long to wait for a connection when the pool is exhausted before failing.
	 */
	private Duration maxAcquireTime = Duration.ofSeconds(10);

	/**
	 * How long opening a new connection may take; the driver's limit when not set.
	 */
	private @Nullable Duration maxCreateConnectionTime;

	/**
	 * Query that validates a connection before it is handed out; the driver's own check
	 * when not set.
	 */
	private @Nullable String validationQuery;

	/**
	 * How many times an acquisition that failed without timing out (a connection that
	 * failed its validation, a refused connection attempt) is tried again; one that timed
	 * out never is.
	 */
	private int acquireRetry = 1;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public int getInitialSize() {
		return this.initialSize;
	}

	public void setInitialSize(int initialSize) {
		this.initialSize = initialSize;
	}

	public int getMaxSize() {
		return this.maxSize;
	}

	public void setMaxSize(int maxSize) {
		this.maxSize = maxSize;
	}

	public Duration getMaxIdleTime() {
		return this.maxIdleTime;
	}

	public void setMaxIdleTime(Duration maxIdleTime) {
		this.maxIdleTime = maxIdleTime;
	}

	public @Nullable Duration getMaxLifeTime() {
		return this.maxLifeTime;
	}

	public void setMaxLifeTime(@Nullable Duration maxLifeTime) {
		this.maxLifeTime = maxLifeTime;
	}

	public Duration getMaxAcquireTime() {
		return this.maxAcquireTime;
	}

	public void setMaxAcquireTime(Duration maxAcquireTime) {
		this.maxAcquireTime = maxAcquireTime;
	}

	public @Nullable Duration getMaxCreateConnectionTime() {
		return this.maxCreateConnectionTime;
	}

	public void setMaxCreateConnectionTime(@Nullable Duration maxCreateConnectionTime) {
		this.maxCreateConnectionTime = maxCreateConnectionTime;
	}

	public @Nullable String getValidationQuery() {
		return this.validationQuery;
	}

	public void setValidationQuery(@Nullable String validationQuery) {
		this.validationQuery = validationQuery;
	}

	public int getAcquireRetry() {
		return this.acquireRetry;
	}

	public void setAcquireRetry(int acquireRetry) {
		this.acquireRetry = acquireRetry;
	}

}
