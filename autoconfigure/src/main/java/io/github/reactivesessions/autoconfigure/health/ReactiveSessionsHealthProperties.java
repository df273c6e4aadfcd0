package io.github.reactivesessions.autoconfigure.health;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of the health contributor of the binds.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("management.health.sa")
public class ReactiveSessionsHealthProperties {

	/**
	 * How long the check of one bind may wait for a validated connection before it reports
	 * the bind DOWN.
	 */
	private Duration timeout = Duration.ofSeconds(5);

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

}
