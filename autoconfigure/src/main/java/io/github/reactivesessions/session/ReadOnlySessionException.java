package io.github.reactivesessions.session;

import org.springframework.dao.InvalidDataAccessApiUsageException;

/**
 * Thrown when a session of a read-only bind is asked to write.
 *
 * @since 0.1.0
 */
public class ReadOnlySessionException extends InvalidDataAccessApiUsageException {

	private final String key;

	/**
	 * Create an exception for the given bind and the write that was refused.
	 * @param key the bind key
	 * @param what a description of the refused write
	 */
	public ReadOnlySessionException(String key, String what) {
		super("Bind '%s' is read-only: refused to %s. Remove 'read-only' from the bind, or write through another bind."
			.formatted(key, what));
		this.key = key;
	}

	/**
	 * Return the key of the read-only bind.
	 * @return the bind key
	 */
	public String getKey() {
		return this.key;
	}

}
