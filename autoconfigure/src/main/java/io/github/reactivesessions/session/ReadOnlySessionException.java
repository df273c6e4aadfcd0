package io.github.reactivesessions.session;

import org.springframework.dao.InvalidDataAccessApiUsageException;

/**
 * Thrown when a session of a read-only bind is asked to write.
 *
 * @since 0.1.0
 */
public class ReadOnlySessionException extends InvalidDataAccessApiUsageException {

	private final String key;

	private final String what;

	/**
	 * Create an exception for the given bind and the write that was refused.
	 * @param key the bind key
	 * @param what a description of the refused write
	 */
	public ReadOnlySessionException(String key, String what) {
		this(key, what, ("Bind '%s' is read-only: refused to %s. Remove 'read-only' from the bind, or write through "
				+ "another bind.").formatted(key, what));
	}

	/**
	 * Create an exception for the given bind with a message of a subclass's.
	 * @param key the bind key
	 * @param what a description of the refused write
	 * @param message the message
	 */
	protected ReadOnlySessionException(String key, String what, String message) {
		super(message);
		this.key = key;
		this.what = what;
	}

	/**
	 * Return the key of the read-only bind.
	 * @return the bind key
	 */
	public String getKey() {
		return this.key;
	}

	/**
	 * Return what the session was asked to do, as in {@code update Order rows}.
	 * @return the refused write
	 */
	public String getRefusedWrite() {
		return this.what;
	}

}
