package io.github.reactivesessions.bind;

/**
 * Thrown when two binds have the same key: the seed's {@code DuplicateAppKeyError}.
 *
 * @author reactive-sessions
 * @since 0.1.0
 */
public class DuplicateBindKeyException extends IllegalStateException {

	private final String key;

	/**
	 * Create an exception for the given key.
	 * @param key the key used twice
	 */
	public DuplicateBindKeyException(String key) {
		super("Two binds have the key '%s': every bind needs a key of its own".formatted(key));
		this.key = key;
	}

	/**
	 * Return the key used twice.
	 * @return the key
	 */
	public String getKey() {
		return this.key;
	}

}
