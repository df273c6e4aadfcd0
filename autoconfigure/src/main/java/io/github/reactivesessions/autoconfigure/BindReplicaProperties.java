package io.github.reactivesessions.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * One read replica of a bind ({@code sa.binds.<key>.replicas[n]}).
 *
 * @since 0.4.0
 */
public class BindReplicaProperties {

	/**
	 * Name of the replica in logs, errors, health and metrics; replica-1, replica-2 and
	 * so on by default.
	 */
	private @Nullable String name;

	/**
	 * R2DBC url of the replica.
	 */
	private @Nullable String url;

	/**
	 * Login username of the replica; the bind's by default.
	 */
	private @Nullable String username;

	/**
	 * Login password of the replica; the bind's by default.
	 */
	private @Nullable String password;

	public @Nullable String getName() {
		return this.name;
	}

	public void setName(@Nullable String name) {
		this.name = name;
	}

	public @Nullable String getUrl() {
		return this.url;
	}

	public void setUrl(@Nullable String url) {
		this.url = url;
	}

	public @Nullable String getUsername() {
		return this.username;
	}

	public void setUsername(@Nullable String username) {
		this.username = username;
	}

	public @Nullable String getPassword() {
		return this.password;
	}

	public void setPassword(@Nullable String password) {
		this.password = password;
	}

}
