package io.github.reactivesessions.session;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * How a {@code begin} block is run again when its transaction fails for a reason that
 * another attempt can get past: a serialization failure, a deadlock or a lock wait timeout
 * (see {@link Cause}), or a failure the given predicate accepts. Each attempt after the
 * first waits a random delay of exponential backoff with jitter, as Reactor's
 * {@code Retry.backoff} computes it. Immutable: every method returns a new instance.
 *
 * <p>A retried block runs again from its first statement, so its work must have no effect
 * outside the database that two runs would repeat (sending a message, calling a service):
 * do that after the block has committed.
 *
 * @since 0.1.0
 * @see BeginOptions#retry(TransactionRetry)
 */
public final class TransactionRetry {

	private static final TransactionRetry NONE = new TransactionRetry(1, Duration.ofMillis(10), Duration.ofSeconds(1),
			0.5, null);

	private final int maxAttempts;

	private final Duration firstBackoff;

	private final Duration maxBackoff;

	private final double jitter;

	private final @Nullable Predicate<Throwable> alsoRetryable;

	private TransactionRetry(int maxAttempts, Duration firstBackoff, Duration maxBackoff, double jitter,
			@Nullable Predicate<Throwable> alsoRetryable) {
		this.maxAttempts = maxAttempts;
		this.firstBackoff = firstBackoff;
		this.maxBackoff = maxBackoff;
		this.jitter = jitter;
		this.alsoRetryable = alsoRetryable;
	}

	/**
	 * Return a retry that runs a block at most the given number of times in all, waiting
	 * 10ms before the second attempt, twice as long before each next one, at most 1s, each
	 * wait lengthened or shortened at random by up to half of it (never below the first
	 * nor above the longest wait).
	 * @param maxAttempts the number of attempts, the first included; 1 runs a block once
	 * @return the retry
	 */
	public static TransactionRetry attempts(int maxAttempts) {
		return NONE.maxAttempts(maxAttempts);
	}

	/**
	 * Return the retry that runs a block once: the default of a bind.
	 * @return a retry of one attempt
	 */
	public static TransactionRetry none() {
		return NONE;
	}

	/**
	 * Return a copy with the given number of attempts, the first included.
	 * @param maxAttempts the number of attempts, at least 1
	 * @return the new retry
	 */
	public TransactionRetry maxAttempts(int maxAttempts) {
		Assert.isTrue(maxAttempts >= 1, () -> "Max attempts must be at least 1, not " + maxAttempts);
		return new TransactionRetry(maxAttempts, this.firstBackoff, this.maxBackoff, this.jitter, this.alsoRetryable);
	}

	/**
	 * Return a copy that waits {@code first} before the second attempt, doubling the wait
	 * for each next attempt up to {@code max}.
	 * @param first the wait before the second attempt
	 * @param max the longest wait
	 * @return the new retry
	 */
	public TransactionRetry backoff(Duration first, Duration max) {
		Assert.isTrue(!first.isNegative() && !max.isNegative(), "Backoff must not be negative");
		Assert.isTrue(first.compareTo(max) <= 0, () -> "First backoff %s must not exceed the max backoff %s"
			.formatted(first, max));
		return new TransactionRetry(this.maxAttempts, first, max, this.jitter, this.alsoRetryable);
	}

	/**
	 * Return a copy whose waits are lengthened or shortened at random by up to the given
	 * share of each, as Reactor's {@code RetryBackoffSpec.jitter} does: 0 waits exactly the
	 * backoff, 0.5 up to half of it more or less; a wait never falls below the first backoff
	 * nor rises above the max backoff. Jitter keeps the clients of one conflict from meeting
	 * again at the same instant.
	 * @param jitter the share, from 0 to 1
	 * @return the new retry
	 */
	public TransactionRetry jitter(double jitter) {
		Assert.isTrue(jitter >= 0 && jitter <= 1, () -> "Jitter must be between 0 and 1, not " + jitter);
		return new TransactionRetry(this.maxAttempts, this.firstBackoff, this.maxBackoff, jitter, this.alsoRetryable);
	}

	/**
	 * Return a copy that also runs a block again when its failure matches the given
	 * predicate (called with the block's failure as the session reports it), besides the
	 * transient failures of {@link Cause}. Whatever the predicate says, a block is not run
	 * again when its commit's outcome is unknown ({@link CommitOutcomeUnknownException}).
	 * @param predicate which other failures are worth another attempt
	 * @return the new retry
	 */
	public TransactionRetry alsoRetryOn(Predicate<Throwable> predicate) {
		Assert.notNull(predicate, "Predicate must not be null");
		Predicate<Throwable> combined = (this.alsoRetryable != null) ? this.alsoRetryable.or(predicate) : predicate;
		return new TransactionRetry(this.maxAttempts, this.firstBackoff, this.maxBackoff, this.jitter, combined);
	}

	/**
	 * Return the number of attempts, the first included.
	 * @return the max attempts
	 */
	public int getMaxAttempts() {
		return this.maxAttempts;
	}

	/**
	 * Return the wait before the second attempt.
	 * @return the first backoff
	 */
	public Duration getFirstBackoff() {
		return this.firstBackoff;
	}

	/**
	 * Return the longest wait between two attempts.
	 * @return the max backoff
	 */
	public Duration getMaxBackoff() {
		return this.maxBackoff;
	}

	/**
	 * Return the share by which each wait varies.
	 * @return the jitter, from 0 to 1
	 */
	public double getJitter() {
		return this.jitter;
	}

	boolean isEnabled() {
		return this.maxAttempts > 1;
	}

	/**
	 * Why a failed attempt is run again, or {@code null} when it is not: a transient
	 * failure of the database, or one the predicate accepts. Once its COMMIT
	 * was sent, only the database's answer that it rolled the transaction back counts: any
	 * other failure may leave it committed, whatever the predicate says.
	 */
	@Nullable Cause causeOf(Throwable failure, boolean commitSent) {
		if (failure instanceof CommitOutcomeUnknownException) {
			return null;
		}
		Cause cause = Cause.of(failure);
		if (cause != null || commitSent) {
			return cause;
		}
		return (this.alsoRetryable != null && this.alsoRetryable.test(failure)) ? Cause.PREDICATE : null;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		if (this == other) {
			return true;
		}
		return other instanceof TransactionRetry that && this.maxAttempts == that.maxAttempts
				&& this.firstBackoff.equals(that.firstBackoff) && this.maxBackoff.equals(that.maxBackoff)
				&& this.jitter == that.jitter && Objects.equals(this.alsoRetryable, that.alsoRetryable);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.maxAttempts, this.firstBackoff, this.maxBackoff, this.jitter);
	}

	@Override
	public String toString() {
		return "TransactionRetry[maxAttempts=" + this.maxAttempts + ", backoff=" + this.firstBackoff + ".."
				+ this.maxBackoff + ", jitter=" + this.jitter + "]";
	}

	/**
	 * The failures a retry runs a block again for, as the metrics' {@code cause} tag names
	 * them.
	 */
	public enum Cause {

		/**
		 * The database could not serialize the transaction with others: PostgreSQL's
		 * SQLSTATE 40001 (at REPEATABLE READ and SERIALIZABLE), H2's concurrent update
		 * (90131).
		 */
		SERIALIZATION_FAILURE,

		/**
		 * The database chose the transaction as the victim of a deadlock: PostgreSQL's
		 * 40P01, MySQL's and MariaDB's error 1213, H2's 40001.
		 */
		DEADLOCK,

		/**
		 * The transaction waited too long for a row lock: MySQL's and MariaDB's error 1205,
		 * PostgreSQL's 55P03 (with {@code lock_timeout} set, and also the failure of
		 * {@code FOR UPDATE NOWAIT}, which a retry then runs again after its backoff), H2's
		 * 50200. MySQL and H2 end only the statement: the session rolls the transaction
		 * back as for any failure of a block.
		 */
		LOCK_TIMEOUT,

		/**
		 * The failure matched the predicate given to
		 * {@link TransactionRetry#alsoRetryOn(Predicate)}.
		 */
		PREDICATE;

		/**
		 * Return the transient cause of a failure of the database, read from the SQLSTATE
		 * and the vendor's error code of the first cause that has them.
		 * @param failure the failure, with its causes
		 * @return the cause, or {@code null} when the failure is not transient
		 */
		public static @Nullable Cause of(Throwable failure) {
			String state = DatabaseFailures.sqlState(failure);
			int code = DatabaseFailures.errorCode(failure);
			if (code == 1213) {
				// MySQL and MariaDB report a deadlock with SQLSTATE 40001, the same as
				// PostgreSQL's serialization failure.
				return DEADLOCK;
			}
			if (code == 1205) {
				return LOCK_TIMEOUT;
			}
			if (state == null) {
				return null;
			}
			return switch (state) {
				case "40P01" -> DEADLOCK;
				// H2 reports a deadlock as 40001 with its own error code, 40001.
				case "40001" -> (code == 40001) ? DEADLOCK : SERIALIZATION_FAILURE;
				case "90131" -> SERIALIZATION_FAILURE;
				case "55P03" -> LOCK_TIMEOUT;
				// HYT00 is any driver's timeout; H2's lock timeout is its error 50200.
				case "HYT00" -> (code == 50200) ? LOCK_TIMEOUT : null;
				default -> null;
			};
		}

		/**
		 * Return the name metrics and messages give the cause: the constant's name in
		 * lower case, with dashes ({@code serialization-failure}).
		 * @return the tag value
		 */
		public String tag() {
			return name().toLowerCase(Locale.ROOT).replace('_', '-');
		}

	}

}
