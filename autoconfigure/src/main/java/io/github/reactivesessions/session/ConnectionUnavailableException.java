package io.github.reactivesessions.session;

import org.springframework.dao.TransientDataAccessResourceException;

/**
 * A session could not get or keep a connection of its bind: the pool stayed exhausted until
 * its {@code max-acquire-time} ran out, the database refused the connection or the login,
 * could not be reached, or the connection broke before the transaction's commit was sent.
 * Nothing of the transaction was committed; the same work may succeed when retried later.
 * The web layer answers it with {@code 503 Service Unavailable} and {@code Retry-After}. (A
 * connection that breaks while the commit is on its way is a
 * {@link CommitOutcomeUnknownException} instead.)
 *
 * @since 0.1.0
 */
public class ConnectionUnavailableException extends TransientDataAccessResourceException {

	private final String key;

	private final String summary;

	/**
	 * Create an exception for the given bind.
	 * @param key the bind key
	 * @param message the description
	 * @param cause the failure of the pool or the driver
	 */
	public ConnectionUnavailableException(String key, String message, Throwable cause) {
		this(key, message, message, cause);
	}

	/**
	 * Create an exception for the given bind, with a summary for clients.
	 * @param key the bind key
	 * @param summary the description without the driver's reason
	 * @param message the whole description, for the log
	 * @param cause the failure of the pool or the driver
	 */
	public ConnectionUnavailableException(String key, String summary, String message, Throwable cause) {
		super(message, cause);
		this.key = key;
		this.summary = summary;
	}

	/**
	 * Return the key of the bind that had no connection available.
	 * @return the bind key
	 */
	public String getKey() {
		return this.key;
	}

	/**
	 * Return the description without the driver's reason, fit for a client (the reason may
	 * name hosts and users of the database).
	 * @return the summary
	 */
	public String getSummary() {
		return this.summary;
	}

}
