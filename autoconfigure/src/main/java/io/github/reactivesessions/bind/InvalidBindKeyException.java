package io.github.reactivesessions.bind;

/**
 * Thrown when a bind key is not a letter followed by letters, digits and underscores.
 *
 * @since 0.1.0
 */
public class InvalidBindKeyException extends IllegalArgumentException {

	private final String key;

	/**
	 * Create an exception for the given key.
	 * @param key the invalid key
	 */
	public InvalidBindKeyException(String key) {
		super(("Bind key '%s' is invalid: a key is a letter followed by letters, digits and underscores, "
				+ "such as 'sa_main' or 'reports'").formatted(key));
		this.key = key;
	}

	/**
	 * Return the invalid key.
	 * @return the key
	 */
	public String getKey() {
		return this.key;
	}

}
