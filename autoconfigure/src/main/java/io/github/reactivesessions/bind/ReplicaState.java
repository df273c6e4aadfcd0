package io.github.reactivesessions.bind;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * What the last check of a read replica found: in use, lagging behind the primary more
 * than the bind allows, or unreachable.
 *
 * @param status the status
 * @param lag how far the replica's replay was behind, or {@code null} when unknown
 * @param reason why the replica is skipped, or {@code null} when it is in use
 * @since 0.4.0
 */
public record ReplicaState(Status status, @Nullable Duration lag, @Nullable String reason) {

	static ReplicaState unchecked() {
		return new ReplicaState(Status.UNCHECKED, null, null);
	}

	static ReplicaState inUse(Duration lag) {
		return new ReplicaState(Status.IN_USE, lag, null);
	}

	static ReplicaState lagging(Duration lag, Duration maxLag) {
		return new ReplicaState(Status.LAGGING, lag, "it lags %s behind the primary, more than max-lag %s"
			.formatted(ReplicaLag.describe(lag), ReplicaLag.describe(maxLag)));
	}

	static ReplicaState unreachable(Throwable failure) {
		Throwable cause = (failure.getCause() != null) ? failure.getCause() : failure;
		return new ReplicaState(Status.UNREACHABLE, null,
				"it cannot be reached: " + cause.getClass().getSimpleName() + ": " + cause.getMessage());
	}

	/**
	 * Return whether sessions read on the replica: in use, or not checked yet.
	 * @return whether the replica is in use
	 */
	public boolean isInUse() {
		return this.status == Status.IN_USE || this.status == Status.UNCHECKED;
	}

	/**
	 * The status of a replica.
	 */
	public enum Status {

		/**
		 * Not checked yet: in use.
		 */
		UNCHECKED,

		/**
		 * Reachable, and within the bind's max-lag: in use.
		 */
		IN_USE,

		/**
		 * Lagging more than the bind's max-lag: skipped.
		 */
		LAGGING,

		/**
		 * Its connection failed: skipped.
		 */
		UNREACHABLE

	}

}
