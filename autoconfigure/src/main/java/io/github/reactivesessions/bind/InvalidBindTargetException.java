package io.github.reactivesessions.bind;

/**
 * Thrown when a bind does not say which database it binds: neither a url nor a connection
 * factory, both, or a url that is not an R2DBC url.
 *
 * @since 0.1.0
 */
public class InvalidBindTargetException extends IllegalArgumentException {

	private final String key;

	/**
	 * Create an exception for the given bind.
	 * @param key the bind key
	 * @param message what is wrong
	 */
	public InvalidBindTargetException(String key, String message) {
		super(message);
		this.key = key;
	}

	/**
	 * Create an exception with a cause.
	 * @param key the bind key
	 * @param message what is wrong
	 * @param cause the cause
	 */
	public InvalidBindTargetException(String key, String message, Throwable cause) {
		super(message, cause);
		this.key = key;
	}

	/**
	 * Return the key of the bind.
	 * @return the bind key
	 */
	public String getKey() {
		return this.key;
	}

}
