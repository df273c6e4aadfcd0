package io.github.reactivesessions.session;

import java.util.List;

import org.springframework.dao.DataAccessException;

/**
 * Thrown when a {@link RoutedSession} committed one or more binds and the commit of the
 * next one failed, or when a commit's outcome is unknown while other binds were committed or
 * rolled back beside it. The commits made stand (there is no two-phase commit); the bind
 * that failed (unless its outcome is unknown) and those after it were rolled back. The
 * cause is the failure of that bind's commit.
 *
 * @since 0.1.0
 */
public class PartialCommitException extends DataAccessException {

	private final List<String> committedKeys;

	private final String failedKey;

	private final boolean failedOutcomeUnknown;

	private final List<String> rolledBackKeys;

	/**
	 * Create an exception for a commit that failed after others succeeded, or whose outcome
	 * is unknown beside others.
	 * @param committedKeys the binds that committed, in order
	 * @param failedKey the bind whose commit failed
	 * @param failedOutcomeUnknown whether the connection broke while that commit was on its
	 * way, so that it may have been applied
	 * @param rolledBackKeys the binds after it, rolled back
	 * @param cause the failure of the commit
	 */
	public PartialCommitException(List<String> committedKeys, String failedKey, boolean failedOutcomeUnknown,
			List<String> rolledBackKeys, Throwable cause) {
		super(message(committedKeys, failedKey, failedOutcomeUnknown, rolledBackKeys), cause);
		this.committedKeys = List.copyOf(committedKeys);
		this.failedKey = failedKey;
		this.failedOutcomeUnknown = failedOutcomeUnknown;
		this.rolledBackKeys = List.copyOf(rolledBackKeys);
	}

	private static String message(List<String> committed, String failed, boolean unknown, List<String> rolledBack) {
		StringBuilder message = new StringBuilder("The commit of bind '").append(failed).append("' ");
		message.append(unknown ? "broke on its way, its outcome unknown" : "failed");
		message.append(committed.isEmpty() ? "" : " after " + quoted(committed) + " committed: those commits stand");
		if (!unknown) {
			message.append(committed.isEmpty() ? ": " : ", ").append("'").append(failed).append("' was rolled back");
		}
		if (!rolledBack.isEmpty()) {
			message.append((unknown && committed.isEmpty()) ? ": " : ", ").append(quoted(rolledBack)).append(
					rolledBack.size() == 1 ? " was" : " were").append(" rolled back");
		}
		return message.append(" (a routed session commits bind after bind, without two-phase commit)").toString();
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
	 * Return whether the failed commit broke on its way ({@link CommitOutcomeUnknownException}),
	 * so that the failed bind may have committed too.
	 * @return whether its outcome is unknown
	 */
	public boolean isFailedOutcomeUnknown() {
		return this.failedOutcomeUnknown;
	}

	/**
	 * Return the binds after the one that failed, rolled back without being committed.
	 * @return their keys
	 */
	public List<String> getRolledBackKeys() {
		return this.rolledBackKeys;
	}

}
