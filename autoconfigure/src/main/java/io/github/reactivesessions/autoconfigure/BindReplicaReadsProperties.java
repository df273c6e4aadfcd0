package io.github.reactivesessions.autoconfigure;

import java.time.Duration;

/**
 * How the sessions of a bind use its read replicas ({@code sa.binds.<key>.replica-reads}).
 *
 * @since 0.4.0
 */
public class BindReplicaReadsProperties {

	/**
	 * How far behind the primary a replica may be before it is skipped.
	 */
	private Duration maxLag = Duration.ofSeconds(10);

	/**
	 * How often each replica is checked (its lag, or whether it can be reached); 0 for no
	 * periodic check.
	 */
	private Duration checkInterval = Duration.ofSeconds(5);

	/**
	 * How long, after a client's request committed a write through the bind, that
	 * client's requests read on the primary (told by a cookie and a header); 0 for never.
	 */
	private Duration readYourWrites = Duration.ofSeconds(5);

	public Duration getMaxLag() {
		return this.maxLag;
	}

	public void setMaxLag(Duration maxLag) {
		this.maxLag = maxLag;
	}

	public Duration getCheckInterval() {
		return this.checkInterval;
	}

	public void setCheckInterval(Duration checkInterval) {
		this.checkInterval = checkInterval;
	}

	public Duration getReadYourWrites() {
		return this.readYourWrites;
	}

	public void setReadYourWrites(Duration readYourWrites) {
		this.readYourWrites = readYourWrites;
	}

}
