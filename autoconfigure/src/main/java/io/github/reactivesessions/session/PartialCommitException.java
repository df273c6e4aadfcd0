package io.github.reactivesessions.session;

import java.util.List;

import org.springframework.dao.DataAccessException;

/**
 * Thrown when a {@link RoutedSession} committed one or more binds and the commit of the
 * next one failed. The commits made stand (there is no two-phase commit); the bind that
 * failed and those after it were rolled back. The cause is the failure of that bind's
 * commit.
 *
 * @since 0.1.0
 */
public class PartialCommitException extends DataAccessException {

	private final List<String> committedKeys;

	private final String failedKey;

	private final List<String> rolledBackKeys;

	/**
	 * Create an exception for a commit that failed after others succeeded.
	 * @param committedKeys the binds that committed, in order
	 * @param failedKey the bind whose commit failed
	 * @param rolledBackKeys the binds after it, rolled back
	 * @param cause the failure of the commit
	 */
	public PartialCommitException(List<String> committedKeys, String failedKey, List<String> rolledBackKeys,
			Throwable cause) {
		super(("The commit of bind '%s' failed after %s committed: those commits stand, '%s'%s rolled back "
				+ "(a routed session commits bind after bind, without two-phase commit)").formatted(failedKey,
						quoted(committedKeys), failedKey, rolledBackKeys.isEmpty() ? " was"
								: " and " + quoted(rolledBackKeys) + " were"), cause);
		this.committedKeys = List.copyOf(committedKeys);
		this.failedKey = failedKey;
		this.rolledBackKeys = List.copyOf(rolledBackKeys);
	}

	private static String quoted(List<String> keys) {
		return String.join(", ", keys.stream().map((key) -> "'" + key + "'").toList());
	}

	/**
	 * Return the binds that committed, in commit order.
	 * @return their keys
	 */
	public List<String> getCommittedKeys() {
		return this.committedKeys;
	}

	/**
	 * Return the bind whose commit failed.
	 * @return its key
	 */
	public String getFailedKey() {
		return this.failedKey;
	}

	/**
	 * Return the binds after the one that failed, rolled back without being committed.
	 * @return their keys
	 */
	public List<String> getRolledBackKeys() {
		return this.rolledBackKeys;
	}

}
