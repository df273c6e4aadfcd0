package io.github.reactivesessions.web;

/**
 * Thrown when a handler opens the session of a bind that the web filter already opened for
 * the request: aiohttp-sqlalchemy's {@code DuplicateRequestKeyError}.
 *
 * @since 0.1.0
 */
public class DuplicateSessionKeyException extends IllegalStateException {

	private final String key;

	DuplicateSessionKeyException(String key, String handler) {
		super(("The session of bind '%s' is already open for this request (the web filter opens it), so %s cannot "
				+ "open it again: remove @UseSession(\"%s\") from the handler, or set sa.binds.%s.middleware=false")
			.formatted(key, handler, key, key));
		this.key = key;
	}

	/**
	 * Return the key opened twice.
	 * @return the bind key
	 */
	public String getKey() {
		return this.key;
	}

}
