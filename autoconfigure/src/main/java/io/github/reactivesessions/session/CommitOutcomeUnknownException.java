package io.github.reactivesessions.session;

import org.springframework.dao.DataAccessResourceFailureException;

/**
 * A session's connection broke while its commit was on its way to the database: the
 * database may have committed the transaction before the connection went, or not, and the
 * session cannot tell. Check what was written before doing the same work again (or make
 * the work idempotent); retrying blindly may write it twice. The web layer answers it with
 * {@code 503 Service Unavailable} without {@code Retry-After}, and an {@code outcome} of
 * {@code unknown} in the problem detail.
 *
 * @author reactive-sessions
 * @since 0.1.0
 */
public class CommitOutcomeUnknownException extends DataAccessResourceFailureException {

	private final String key;

	/**
	 * Create an exception for the given bind.
	 * @param key the bind key
	 * @param message the description
	 * @param cause the failure of the driver
	 */
	public CommitOutcomeUnknownException(String key, String message, Throwable cause) {
		super(message, cause);
		this.key = key;
	}

	/**
	 * Return the key of the bind whose commit has an unknown outcome.
	 * @return the bind key
	 */
	public String getKey() {
		return this.key;
	}

}
