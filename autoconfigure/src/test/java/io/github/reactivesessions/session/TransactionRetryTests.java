package io.github.reactivesessions.session;

import java.time.Duration;

import io.r2dbc.spi.R2dbcBadGrammarException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcRollbackException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import org.junit.jupiter.api.Test;

import org.springframework.dao.CannotAcquireLockException;
import org.springframework.transaction.annotation.Isolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link TransactionRetry} and {@link BeginOptions}: which failures each database
 * reports as transient, and the settings a retry accepts.
 */
class TransactionRetryTests {

	@Test
	void postgresSerializationFailureDeadlockAndLockTimeoutAreTransient() {
		assertThat(TransactionRetry.Cause.of(new R2dbcRollbackException("could not serialize", "40001")))
			.isEqualTo(TransactionRetry.Cause.SERIALIZATION_FAILURE);
		assertThat(TransactionRetry.Cause.of(new R2dbcRollbackException("deadlock detected", "40P01")))
			.isEqualTo(TransactionRetry.Cause.DEADLOCK);
		assertThat(TransactionRetry.Cause.of(new R2dbcTransientResourceException("lock timeout", "55P03")))
			.isEqualTo(TransactionRetry.Cause.LOCK_TIMEOUT);
	}

	@Test
	void mysqlDeadlockIsADeadlockThoughItsStateIs40001() {
		assertThat(TransactionRetry.Cause.of(new R2dbcRollbackException("Deadlock found", "40001", 1213)))
			.isEqualTo(TransactionRetry.Cause.DEADLOCK);
		assertThat(TransactionRetry.Cause.of(new R2dbcTransientResourceException("Lock wait timeout", "HY000", 1205)))
			.isEqualTo(TransactionRetry.Cause.LOCK_TIMEOUT);
	}

	@Test
	void h2DeadlockConcurrentUpdateAndLockTimeoutAreTransient() {
		assertThat(TransactionRetry.Cause.of(new R2dbcRollbackException("Deadlock detected", "40001", 40001)))
			.isEqualTo(TransactionRetry.Cause.DEADLOCK);
		assertThat(TransactionRetry.Cause.of(new R2dbcTransientResourceException("Concurrent update", "90131", 90131)))
			.isEqualTo(TransactionRetry.Cause.SERIALIZATION_FAILURE);
		assertThat(TransactionRetry.Cause.of(new R2dbcTransientResourceException("Timeout", "HYT00", 50200)))
			.isEqualTo(TransactionRetry.Cause.LOCK_TIMEOUT);
	}

	@Test
	void causeIsFoundBehindSpringsTranslation() {
		assertThat(TransactionRetry.Cause.of(new CannotAcquireLockException("UPDATE",
				new R2dbcRollbackException("deadlock detected", "40P01"))))
			.isEqualTo(TransactionRetry.Cause.DEADLOCK);
	}

	@Test
	void otherFailuresAreNotTransient() {
		assertThat(TransactionRetry.Cause.of(new R2dbcBadGrammarException("syntax", "42601"))).isNull();
		assertThat(TransactionRetry.Cause.of(new R2dbcNonTransientResourceException("gone", "08006"))).isNull();
		assertThat(TransactionRetry.Cause.of(new IllegalStateException("boom"))).isNull();
	}

	@Test
	void predicateAddsFailuresAndCommitWithUnknownOutcomeIsNeverRetried() {
		TransactionRetry retry = TransactionRetry.attempts(3).alsoRetryOn(IllegalStateException.class::isInstance);
		assertThat(retry.causeOf(new IllegalStateException("flaky"), false)).isEqualTo(TransactionRetry.Cause.PREDICATE);
		assertThat(retry.causeOf(new IllegalArgumentException("bad"), false)).isNull();
		assertThat(retry.causeOf(new R2dbcRollbackException("deadlock detected", "40P01"), false))
			.isEqualTo(TransactionRetry.Cause.DEADLOCK);
		TransactionRetry everything = TransactionRetry.attempts(3).alsoRetryOn((ex) -> true);
		assertThat(everything.causeOf(new CommitOutcomeUnknownException("sa_main", "lost", "lost",
				new R2dbcRollbackException("could not serialize", "40001")), false))
			.isNull();
	}

	@Test
	void onceTheCommitWasSentOnlyTheDatabasesRollbackCounts() {
		TransactionRetry retry = TransactionRetry.attempts(3).alsoRetryOn((ex) -> true);
		assertThat(retry.causeOf(new IllegalStateException("timed out"), true)).isNull();
		assertThat(retry.causeOf(new IllegalStateException("timed out"), false)).isEqualTo(TransactionRetry.Cause.PREDICATE);
		assertThat(retry.causeOf(new R2dbcRollbackException("could not serialize", "40001"), true))
			.isEqualTo(TransactionRetry.Cause.SERIALIZATION_FAILURE);
	}

	@Test
	void timeoutOfAnotherDriverThanH2IsNotALockTimeout() {
		assertThat(TransactionRetry.Cause.of(new R2dbcTransientResourceException("Timeout", "HYT00", 0))).isNull();
	}

	@Test
	void attemptsBackoffAndJitterAreChecked() {
		TransactionRetry retry = TransactionRetry.attempts(4).backoff(Duration.ofMillis(20), Duration.ofMillis(200)).jitter(0);
		assertThat(retry.getMaxAttempts()).isEqualTo(4);
		assertThat(retry.getFirstBackoff()).isEqualTo(Duration.ofMillis(20));
		assertThat(retry.getMaxBackoff()).isEqualTo(Duration.ofMillis(200));
		assertThat(retry.getJitter()).isZero();
		assertThat(TransactionRetry.none().getMaxAttempts()).isOne();
		assertThatIllegalArgumentException().isThrownBy(() -> TransactionRetry.attempts(0))
			.withMessage("Max attempts must be at least 1, not 0");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TransactionRetry.attempts(2).backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
			.withMessage("First backoff PT2S must not exceed the max backoff PT1S");
		assertThatIllegalArgumentException().isThrownBy(() -> TransactionRetry.attempts(2).jitter(1.5))
			.withMessage("Jitter must be between 0 and 1, not 1.5");
	}

	@Test
	void causesAreTaggedInLowerCaseWithDashes() {
		assertThat(TransactionRetry.Cause.SERIALIZATION_FAILURE.tag()).isEqualTo("serialization-failure");
		assertThat(TransactionRetry.Cause.LOCK_TIMEOUT.tag()).isEqualTo("lock-timeout");
	}

	@Test
	void optionsAreImmutableAndDefaultToTheBinds() {
		BeginOptions defaults = BeginOptions.defaults();
		BeginOptions serializable = defaults.isolation(Isolation.SERIALIZABLE).readOnly().retry(TransactionRetry.attempts(3));
		assertThat(defaults.getIsolation()).isEqualTo(Isolation.DEFAULT);
		assertThat(defaults.isReadOnly()).isFalse();
		assertThat(defaults.getRetry()).isNull();
		assertThat(serializable.getIsolation()).isEqualTo(Isolation.SERIALIZABLE);
		assertThat(serializable.isReadOnly()).isTrue();
		assertThat(serializable.getRetry().getMaxAttempts()).isEqualTo(3);
	}

}
