package io.github.reactivesessions.session;

import java.util.List;

import org.springframework.dao.TransientDataAccessException;

/**
 * Every attempt of a retrying {@code begin} block failed for a transient reason: the
 * message lists the attempts and their causes, the cause is the last attempt's failure
 * and the earlier ones are suppressed exceptions. Nothing of any attempt was committed.
 * Still transient: the same work may succeed later, once the contention has passed.
 *
 * @since 0.1.0
 * @see TransactionRetry
 */
public class TransactionRetriesExhaustedException extends TransientDataAccessException {

	private final String key;

	private final List<TransactionRetry.Cause> causes;

	/**
	 * Create an exception for the given bind.
	 * @param key the bind key
	 * @param message the description, listing the attempts
	 * @param causes the cause of each attempt's failure, in order
	 * @param lastFailure the failure of the last attempt
	 */
	public TransactionRetriesExhaustedException(String key, String message, List<TransactionRetry.Cause> causes,
			Throwable lastFailure) {
		super(message, lastFailure);
		this.key = key;
		this.causes = List.copyOf(causes);
	}

	/**
	 * Return the key of the bind whose block gave up.
	 * @return the bind key
	 */
	public String getKey() {
		return this.key;
	}

	/**
	 * Return how many times the block ran.
	 * @return the number of attempts
	 */
	public int getAttempts() {
		return this.causes.size();
	}

	/**
	 * Return why each attempt failed, in order.
	 * @return the causes
	 */
	public List<TransactionRetry.Cause> getCauses() {
		return this.causes;
	}

}
