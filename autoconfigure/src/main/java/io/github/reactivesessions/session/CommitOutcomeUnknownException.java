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
 * @since 0.1.0
 */
public class CommitOutcomeUnknownException extends DataAccessResourceFailureException {

	private final String key;

	private final String summary;

	/**
	 * Create an exception for the given bind.
	 * @param key the bind key
	 * @param summary the description without the driver's reason, for clients
	 * @param message the whole description, for the log
	 * @param cause the failure of the driver
	 */
	public CommitOutcomeUnknownException(String key, String summary, String message, Throwable cause) {
		super(message, cause);
		this.key = key;
		this.summary = summary;
	}

	/**
	 * Return the key of the bind whose commit has an unknown outcome.
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
