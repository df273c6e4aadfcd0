package io.github.reactivesessions.bind;

import java.util.Collection;
import java.util.List;

/**
 * Thrown when a bind is asked for by a key no bind has.
 *
 * @since 0.1.0
 */
public class BindNotFoundException extends IllegalArgumentException {

	private final String key;

	private final List<String> knownKeys;

	/**
	 * Create an exception for the given key.
	 * @param key the unknown key
	 * @param knownKeys the keys of the configured binds
	 */
	public BindNotFoundException(String key, Collection<String> knownKeys) {
		this("No bind has the key '%s'; the binds are %s".formatted(key, describe(knownKeys)), key, knownKeys);
	}

	/**
	 * Create an exception with a message of its own.
	 * @param message the message
	 * @param key the unknown key
	 * @param knownKeys the keys of the configured binds
	 */
	protected BindNotFoundException(String message, String key, Collection<String> knownKeys) {
		super(message);
		this.key = key;
		this.knownKeys = List.copyOf(knownKeys);
	}

	static String describe(Collection<String> keys) {
		return keys.isEmpty() ? "none" : String.join(", ", keys.stream().map((key) -> "'" + key + "'").toList());
	}

	/**
	 * Return the unknown key.
	 * @return the key
	 */
	public String getKey() {
		return this.key;
	}

	/**
	 * Return the keys of the configured binds.
	 * @return the known keys, in configuration order
	 */
	public List<String> getKnownKeys() {
		return this.knownKeys;
	}

}
