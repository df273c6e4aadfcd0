package io.github.reactivesessions.autoconfigure;

import java.time.Duration;

/**
 * Retry of a bind's begin blocks after a transient failure
 * ({@code sa.binds.<key>.retry}).
 *
 * @since 0.1.0
 */
public class BindRetryProperties {

	/**
	 * Number of times a begin block runs, the first included, when it fails for a
	 * transient reason. 1 runs every block once; a block's BeginOptions override it.
	 */
	private int maxAttempts = 1;

	/**
	 * Wait before the second attempt, doubled for each next one.
	 */
	private Duration firstBackoff = Duration.ofMillis(10);

	/**
	 * Longest wait between two attempts.
	 */
	private Duration maxBackoff = Duration.ofSeconds(1);

	/**
	 * Share, from 0 to 1, by which each wait is lengthened or shortened at random,
	 * staying between first-backoff and max-backoff.
	 */
	private double jitter = 0.5;

	public int getMaxAttempts() {
		return this.maxAttempts;
	}

	public void setMaxAttempts(int maxAttempts) {
		this.maxAttempts = maxAttempts;
	}

	public Duration getFirstBackoff() {
		return this.firstBackoff;
	}

	public void setFirstBackoff(Duration firstBackoff) {
		this.firstBackoff = firstBackoff;
	}

	public Duration getMaxBackoff() {
		return this.maxBackoff;
	}

	public void setMaxBackoff(Duration maxBackoff) {
		this.maxBackoff = maxBackoff;
	}

	public double getJitter() {
		return this.jitter;
	}

	public void setJitter(double jitter) {
		this.jitter = jitter;
	}

}
