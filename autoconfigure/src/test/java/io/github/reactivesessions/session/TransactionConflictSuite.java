package io.github.reactivesessions.session;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.reactivesessions.testsupport.Account;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import reactor.util.function.Tuples;

import org.springframework.transaction.annotation.Isolation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retrying begin blocks against the conflicts the database really produces between
 * concurrent transactions: deadlocks of two blocks taking the same rows in opposite order,
 * and the failures of two SERIALIZABLE blocks with a read/write dependency; and the
 * isolation level and read-only setting of one block. For the databases that set an
 * isolation level per transaction.
 */
abstract class TransactionConflictSuite extends TransactionRetrySuite {

	/**
	 * The cause two SERIALIZABLE blocks with a read/write dependency fail with: a
	 * serialization failure where the database detects it (PostgreSQL's SSI), a deadlock
	 * where SERIALIZABLE takes shared locks on reads (InnoDB).
	 */
	protected abstract TransactionRetry.Cause writeSkewCause();

	/**
	 * What {@link #isolation(ReactiveSession)} answers for SERIALIZABLE.
	 */
	protected abstract String serializableName();

	@Test
	void deadlockOfTwoBlocksTakingTheSameRowsInOppositeOrderIsRetriedAndBothTransfersLand() {
		FirstAttemptsMeet meet = new FirstAttemptsMeet();
		Mono<Void> oneToTwo = transfer(1, 2, 10, meet);
		Mono<Void> twoToOne = transfer(2, 1, 5, meet);
		StepVerifier.create(Mono.when(oneToTwo, twoToOne)).expectComplete().verify(Duration.ofSeconds(30));
		// Either serial order leaves the same balances.
		assertThat(balances()).containsExactly(95L, 105L);
		assertThat(this.listener.retried).containsExactly(TransactionRetry.Cause.DEADLOCK);
		assertThat(this.listener.attempted).hasValue(3);
		assertThat(this.listener.exhausted).isEmpty();
	}

	@Test
	void serializationFailureOfTwoSerializableBlocksIsRetriedAndTheResultIsOneSerialOrder() {
		FirstAttemptsMeet meet = new FirstAttemptsMeet();
		// Each block reads both accounts and sets one from the other: run one after the
		// other, the second sees the first's write; run side by side, both read 100.
		Mono<Void> first = copyPlusOne(1, 2, meet);
		Mono<Void> second = copyPlusOne(2, 1, meet);
		StepVerifier.create(Mono.when(first, second)).expectComplete().verify(Duration.ofSeconds(30));
		assertThat(balances()).isIn(List.of(102L, 101L), List.of(101L, 102L));
		assertThat(this.listener.retried).isNotEmpty().containsOnly(writeSkewCause());
		assertThat(this.listener.attempted).hasValue(2 + this.listener.retried.size());
	}

	@Test
	void withoutRetryTheSameConflictFailsTheLoser() {
		FirstAttemptsMeet meet = new FirstAttemptsMeet();
		Mono<String> first = copyPlusOne(1, 2, meet, TransactionRetry.none()).thenReturn("committed")
			.onErrorResume((ex) -> Mono.just(String.valueOf(TransactionRetry.Cause.of(ex))));
		Mono<String> second = copyPlusOne(2, 1, meet, TransactionRetry.none()).thenReturn("committed")
			.onErrorResume((ex) -> Mono.just(String.valueOf(TransactionRetry.Cause.of(ex))));
		StepVerifier.create(Flux.merge(first, second).collectList())
			.assertNext((outcomes) -> assertThat(outcomes).containsExactlyInAnyOrder("committed",
					writeSkewCause().name()))
			.verifyComplete();
		assertThat(this.listener.attempted).hasValue(0);
	}

	@Test
	void isolationLevelHoldsForTheBlockOnly() {
		ConnectionPool single = new ConnectionPool(
				ConnectionPoolConfiguration.builder(this.database.connectionFactory()).initialSize(0).maxSize(1).build());
		try {
			ReactiveSessionFactory oneConnection = ReactiveSessionFactory.builder(single).key("sa_one").build();
			Mono<String> serializable = oneConnection.withSession((session) -> session.begin(
					BeginOptions.defaults().isolation(Isolation.SERIALIZABLE), (s) -> isolation(s)));
			Mono<String> next = oneConnection.withSession((session) -> session.begin((s) -> isolation(s)));
			StepVerifier.create(serializable.flatMap((level) -> next.map((nextLevel) -> Tuples.of(level, nextLevel))))
				.assertNext((levels) -> {
					assertThat(levels.getT1()).isEqualToIgnoringCase(serializableName());
					assertThat(levels.getT2()).isNotEqualToIgnoringCase(serializableName());
				})
				.verifyComplete();
		}
		finally {
			single.disposeLater().block();
		}
	}

	@Test
	void readOnlyBlockCannotWrite() {
		Mono<Long> write = this.sessions.withSession((session) -> session.begin(BeginOptions.defaults().readOnly(),
				(s) -> s.sql("UPDATE account SET balance = 0 WHERE id = 1").fetch().rowsUpdated()));
		StepVerifier.create(write).expectError().verify(Duration.ofSeconds(10));
		assertThat(balances()).containsExactly(100L, 100L);
	}

	/**
	 * The isolation level of the session's transaction, in the words of
	 * {@link #serializableName()} for SERIALIZABLE.
	 */
	protected abstract Mono<String> isolation(ReactiveSession session);

	/**
	 * Move an amount between two accounts, updating the source first: two transfers in
	 * opposite directions lock the rows in opposite order. Their first attempts wait for
	 * each other after their first update, which makes the deadlock certain.
	 */
	private Mono<Void> transfer(long from, long to, long amount, FirstAttemptsMeet meet) {
		AtomicInteger attempts = new AtomicInteger();
		return this.sessions.withSession((session) -> session.begin(BeginOptions.defaults().retry(RETRY), (s) -> {
			boolean first = attempts.incrementAndGet() == 1;
			return s.sql("UPDATE account SET balance = balance - " + amount + " WHERE id = " + from)
				.then()
				.then(first ? Mono.defer(meet::arrive) : Mono.empty())
				.then(s.sql("UPDATE account SET balance = balance + " + amount + " WHERE id = " + to).then());
		}));
	}

	private Mono<Void> copyPlusOne(long from, long to, FirstAttemptsMeet meet) {
		return copyPlusOne(from, to, meet, RETRY);
	}

	/**
	 * Set account {@code to} to the balance of {@code from} plus one, at SERIALIZABLE, with
	 * the session's unit of work: a retry that kept the failed attempt's entities would
	 * compute from the balance that attempt read.
	 */
	private Mono<Void> copyPlusOne(long from, long to, FirstAttemptsMeet meet, TransactionRetry retry) {
		AtomicInteger attempts = new AtomicInteger();
		BeginOptions options = BeginOptions.defaults().isolation(Isolation.SERIALIZABLE).retry(retry);
		return this.sessions.withSession((session) -> session.begin(options, (s) -> {
			boolean first = attempts.incrementAndGet() == 1;
			return s.get(Account.class, from)
				.zipWith(s.get(Account.class, to))
				.flatMap((accounts) -> (first ? meet.arrive() : Mono.<Void>empty()).thenReturn(accounts))
				.flatMap((accounts) -> {
					accounts.getT2().setBalance(accounts.getT1().getBalance() + 1);
					return s.flush();
				});
		}));
	}

	/**
	 * Lets the first attempts of two blocks go on only once both have arrived, so that
	 * both hold what they took before either takes more.
	 */
	private static final class FirstAttemptsMeet {

		private final AtomicInteger arrived = new AtomicInteger();

		private final Sinks.Empty<Void> both = Sinks.empty();

		Mono<Void> arrive() {
			if (this.arrived.incrementAndGet() == 2) {
				this.both.tryEmitEmpty();
			}
			return this.both.asMono();
		}

	}

}
