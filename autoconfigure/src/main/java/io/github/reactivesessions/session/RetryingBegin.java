package io.github.reactivesessions.session;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import org.springframework.core.log.LogMessage;

/**
 * Runs a {@code begin} block again, with Reactor's backoff, after an attempt failed for a
 * transient reason. Each attempt is a new subscription to the block, which opens a new
 * transaction and calls the work again; before it, the session has rolled back the
 * failed attempt (and so forgotten what it held), and ids and versions the attempt's
 * flushes wrote into the entities they inserted are reset. One per subscription of a
 * block: it counts the attempts of that run and keeps the journal of their inserts.
 */
final class RetryingBegin {

	private static final Log logger = LogFactory.getLog(RetryingBegin.class);

	private final String key;

	private final TransactionRetry retry;

	private final SessionListener listener;

	private final UnitOfWork unitOfWork;

	private final List<Throwable> failures = new ArrayList<>();

	private final List<TransactionRetry.Cause> causes = new ArrayList<>();

	private final UnitOfWork.InsertJournal journal = new UnitOfWork.InsertJournal();

	// Set by an attempt that joined a Spring transaction it does not own: its owner must
	// run the whole transaction again, not this block.
	private volatile boolean joined;

	// Set by an attempt whose COMMIT was sent: a failure now may leave it committed.
	private volatile boolean commitSent;

	private RetryingBegin(String key, TransactionRetry retry, SessionListener listener, UnitOfWork unitOfWork) {
		this.key = key;
		this.retry = retry;
		this.listener = listener;
		this.unitOfWork = unitOfWork;
	}

	/**
	 * Run a block with retries.
	 * @param attempt one attempt of the block, given the run so that it can report a
	 * transaction it joined
	 */
	static <T> Mono<T> run(String key, TransactionRetry retry, SessionListener listener, UnitOfWork unitOfWork,
			Function<RetryingBegin, Mono<T>> attempt) {
		return Mono.defer(() -> {
			RetryingBegin run = new RetryingBegin(key, retry, listener, unitOfWork);
			Mono<T> once = Mono.defer(() -> {
				run.listener.beginAttempted(key);
				run.commitSent = false;
				return attempt.apply(run);
			});
			return once.retryWhen(run.backoff()).doFinally((signal) -> unitOfWork.stopJournal(run.journal));
		});
	}

	/**
	 * The journal of the attempt's inserts, which the session starts once the attempt has
	 * its transaction.
	 */
	UnitOfWork.InsertJournal journal() {
		return this.journal;
	}

	void joinedTransaction() {
		this.joined = true;
	}

	void commitSent() {
		this.commitSent = true;
	}

	private Retry backoff() {
		return Retry.backoff(this.retry.getMaxAttempts() - 1L, this.retry.getFirstBackoff())
			.maxBackoff(this.retry.getMaxBackoff())
			.jitter(this.retry.getJitter())
			.filter(this::failed)
			.doBeforeRetry((signal) -> retrying())
			.onRetryExhaustedThrow((backoff, signal) -> exhausted(signal.failure()));
	}

	/**
	 * Note an attempt's failure, once its transaction has been rolled back, and say whether
	 * another attempt may get past it.
	 */
	private boolean failed(Throwable failure) {
		try {
			this.unitOfWork.rewindInserts(this.journal);
		}
		catch (RuntimeException ex) {
			// An entity whose id cannot be set back: the failure of the block is still the
			// database's, and its next attempt cannot start clean.
			failure.addSuppressed(ex);
			return false;
		}
		TransactionRetry.Cause cause = this.joined ? null : this.retry.causeOf(failure, this.commitSent);
		if (cause == null) {
			// Not transient: it surfaces as it is, with the transient failures before it.
			this.failures.stream().filter((earlier) -> earlier != failure).forEach(failure::addSuppressed);
			return false;
		}
		this.failures.add(failure);
		this.causes.add(cause);
		return true;
	}

	private void retrying() {
		int failedAttempt = this.causes.size();
		TransactionRetry.Cause cause = this.causes.get(failedAttempt - 1);
		this.listener.beginRetried(this.key, cause);
		if (logger.isDebugEnabled()) {
			logger.debug(LogMessage.format("Session '%s' runs its begin block again after its backoff: attempt %d of %d failed with %s",
					this.key, failedAttempt, this.retry.getMaxAttempts(), describe(failedAttempt - 1)));
		}
	}

	private TransactionRetriesExhaustedException exhausted(Throwable last) {
		TransactionRetry.Cause cause = this.causes.get(this.causes.size() - 1);
		this.listener.beginRetriesExhausted(this.key, cause);
		StringJoiner attempts = new StringJoiner("; ");
		for (int i = 0; i < this.causes.size(); i++) {
			attempts.add("attempt " + (i + 1) + ": " + describe(i));
		}
		TransactionRetriesExhaustedException exhausted = new TransactionRetriesExhaustedException(this.key,
				("Session '%s' gave up its begin block after %d attempts, each failed by a transient failure (%s). "
						+ "Nothing of it was committed; the cause is the last failure. Run it again later, lower the "
						+ "contention on its rows, or allow more attempts (sa.binds.%s.retry.max-attempts or "
						+ "TransactionRetry.attempts(n))")
					.formatted(this.key, this.causes.size(), attempts, this.key),
				this.causes, last);
		for (int i = 0; i < this.failures.size() - 1; i++) {
			if (this.failures.get(i) != last) {
				exhausted.addSuppressed(this.failures.get(i));
			}
		}
		return exhausted;
	}

	private String describe(int attempt) {
		Throwable failure = this.failures.get(attempt);
		String state = DatabaseFailures.sqlState(failure);
		int code = DatabaseFailures.errorCode(failure);
		StringBuilder description = new StringBuilder(this.causes.get(attempt).tag());
		if (state != null) {
			description.append(" (SQLSTATE ").append(state);
			if (code != 0 && !String.valueOf(code).equals(state)) {
				description.append(", error ").append(code);
			}
			description.append(')');
		}
		else if (this.causes.get(attempt) == TransactionRetry.Cause.PREDICATE) {
			description.append(" (").append(failure.getClass().getSimpleName()).append(')');
		}
		return description.toString();
	}

}
