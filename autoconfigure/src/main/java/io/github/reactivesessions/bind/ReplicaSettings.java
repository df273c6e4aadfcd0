package io.github.reactivesessions.bind;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The read replicas of a bind built from a url, and how its sessions use them. Each
 * replica gets a pool of its own, with the bind's pool settings, driver options and
 * pooler, and the bind's credentials unless it has its own.
 *
 * @since 0.4.0
 * @see Replicas
 */
public final class ReplicaSettings {

	private final List<Target> targets = new ArrayList<>();

	private Duration maxLag = Duration.ofSeconds(10);

	private Duration checkInterval = Duration.ofSeconds(5);

	private Duration readYourWrites = Duration.ofSeconds(5);

	ReplicaSettings() {
	}

	/**
	 * Add a replica, with the bind's username and password.
	 * @param name the name its logs, errors and health name: a letter followed by letters,
	 * digits, underscores and hyphens
	 * @param url the replica's R2DBC url
	 * @return these settings
	 */
	public ReplicaSettings add(String name, String url) {
		return add(name, url, null, null);
	}

	/**
	 * Add a replica with credentials of its own.
	 * @param name the name its logs, errors and health name
	 * @param url the replica's R2DBC url
	 * @param username its username, or {@code null} for the bind's
	 * @param password its password, or {@code null} for the bind's
	 * @return these settings
	 */
	public ReplicaSettings add(String name, String url, @Nullable String username, @Nullable String password) {
		Assert.isTrue(name.matches("[A-Za-z][A-Za-z0-9_-]*"),
				() -> "Replica name '%s' must be a letter followed by letters, digits, '_' and '-'".formatted(name));
		Assert.hasText(url, () -> "Url of replica '%s' must not be empty".formatted(name));
		Assert.isTrue(this.targets.stream().noneMatch((target) -> target.name().equals(name)),
				() -> "Two replicas are named '%s'".formatted(name));
		this.targets.add(new Target(name, url, username, password));
		return this;
	}

	/**
	 * Set how far behind the primary a replica may be before it is skipped; 10 seconds by
	 * default.
	 * @param maxLag the maximum lag
	 * @return these settings
	 */
	public ReplicaSettings maxLag(Duration maxLag) {
		Assert.isTrue(!maxLag.isNegative(), "Max-lag must not be negative");
		this.maxLag = maxLag;
		return this;
	}

	/**
	 * Set how often the replicas are checked; 5 seconds by default, {@link Duration#ZERO}
	 * for no periodic check (a replica whose connection fails is still skipped).
	 * @param checkInterval the interval
	 * @return these settings
	 */
	public ReplicaSettings checkInterval(Duration checkInterval) {
		Assert.isTrue(!checkInterval.isNegative(), "Check-interval must not be negative");
		this.checkInterval = checkInterval;
		return this;
	}

	/**
	 * Set how long, after a client's request committed a write through the bind, that
	 * client's requests read on the primary; 5 seconds by default, {@link Duration#ZERO}
	 * for never.
	 * @param window the read-your-writes window
	 * @return these settings
	 */
	public ReplicaSettings readYourWrites(Duration window) {
		Assert.isTrue(!window.isNegative(), "Read-your-writes must not be negative");
		this.readYourWrites = window;
		return this;
	}

	List<Target> targets() {
		return this.targets;
	}

	Duration maxLag() {
		return this.maxLag;
	}

	Duration checkInterval() {
		return this.checkInterval;
	}

	Duration readYourWrites() {
		return this.readYourWrites;
	}

	/**
	 * A replica as it was added.
	 */
	record Target(String name, String url, @Nullable String username, @Nullable String password) {
	}

}
