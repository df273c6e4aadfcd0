package io.github.reactivesessions.session;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.github.reactivesessions.testsupport.Account;
import io.github.reactivesessions.testsupport.Note;
import io.github.reactivesessions.testsupport.Person;
import io.github.reactivesessions.testsupport.Sql;
import io.github.reactivesessions.testsupport.TestDatabase;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.Connection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.reactive.TransactionalOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Begin blocks that retry: what counts as transient (a real lock wait timeout, a failure
 * a predicate accepts), the limit, what never retries, and the clean state every attempt
 * starts from. Written once and run against every database by a subclass;
 * {@link TransactionConflictSuite} adds the conflicts of concurrent transactions.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
abstract class TransactionRetrySuite {

	private static final String UPDATE_ACCOUNT_ONE = "UPDATE account SET balance = balance + 1 WHERE id = 1";

	static final TransactionRetry RETRY = TransactionRetry.attempts(5)
		.backoff(Duration.ofMillis(5), Duration.ofMillis(50));

	TestDatabase database;

	ConnectionPool pool;

	RecordingListener listener;

	ReactiveSessionFactory sessions;

	protected abstract TestDatabase createDatabase();

	/**
	 * Statements that make the current transaction's next lock wait time out quickly, run
	 * inside the block before the statement that waits; they must not outlive the
	 * transaction.
	 */
	protected abstract List<String> shortLockWait();


	@BeforeAll
	void createDatabaseOnce() {
		this.database = createDatabase();
	}

	@AfterAll
	void dropDatabase() {
		this.database.close();
	}

	@BeforeEach
	void createTablesAndPool() {
		Sql.execute(this.database.connectionFactory(), "DROP TABLE IF EXISTS account", "DROP TABLE IF EXISTS person",
				"DROP TABLE IF EXISTS note", Account.ddl(), Person.ddl(this.database), Note.ddl(this.database),
				"INSERT INTO account (id, balance) VALUES (1, 100)",
				"INSERT INTO account (id, balance) VALUES (2, 100)");
		this.pool = new ConnectionPool(ConnectionPoolConfiguration.builder(this.database.connectionFactory())
			.initialSize(0)
			.maxSize(4)
			.maxAcquireTime(Duration.ofSeconds(10))
			.build());
		this.listener = new RecordingListener();
		this.sessions = ReactiveSessionFactory.builder(this.pool).key("sa_main").listener(this.listener).build();
	}

	@AfterEach
	void disposePoolAndDropTables() {
		assertThat(this.pool.getMetrics().orElseThrow().acquiredSize()).isZero();
		this.pool.disposeLater().block();
		Sql.execute(this.database.connectionFactory(), "DROP TABLE account", "DROP TABLE person", "DROP TABLE note");
	}

	@Test
	void limitIsRespectedAndTheLastFailureSurfacesWithEveryAttemptListed() {
		Connection holder = lockAccountOne();
		try {
			AtomicInteger calls = new AtomicInteger();
			BeginOptions threeAttempts = BeginOptions.defaults()
				.retry(TransactionRetry.attempts(3).backoff(Duration.ofMillis(5), Duration.ofMillis(5)));
			Mono<Long> block = this.sessions.withSession((session) -> session.begin(threeAttempts, (s) -> {
				calls.incrementAndGet();
				return Flux.fromIterable(shortLockWait())
					.concatMap((sql) -> s.sql(sql).then())
					.then(s.sql(UPDATE_ACCOUNT_ONE).fetch().rowsUpdated());
			}));
			StepVerifier.create(block).expectErrorSatisfies((ex) -> {
				assertThat(ex).isInstanceOf(TransactionRetriesExhaustedException.class);
				TransactionRetriesExhaustedException exhausted = (TransactionRetriesExhaustedException) ex;
				assertThat(exhausted.getKey()).isEqualTo("sa_main");
				assertThat(exhausted.getAttempts()).isEqualTo(3);
				assertThat(exhausted.getCauses()).containsOnly(TransactionRetry.Cause.LOCK_TIMEOUT);
				assertThat(ex.getMessage()).contains("Session 'sa_main' gave up its begin block after 3 attempts",
						"attempt 1: lock-timeout (SQLSTATE", "attempt 3: lock-timeout", "sa.binds.sa_main.retry.max-attempts");
				assertThat(TransactionRetry.Cause.of(ex.getCause())).isEqualTo(TransactionRetry.Cause.LOCK_TIMEOUT);
				assertThat(ex.getSuppressed()).hasSize(2);
			}).verify(Duration.ofSeconds(30));
			assertThat(calls).hasValue(3);
			assertThat(this.listener.attempted).hasValue(3);
			assertThat(this.listener.retried).containsExactly(TransactionRetry.Cause.LOCK_TIMEOUT,
					TransactionRetry.Cause.LOCK_TIMEOUT);
			assertThat(this.listener.exhausted).containsExactly(TransactionRetry.Cause.LOCK_TIMEOUT);
		}
		finally {
			release(holder);
		}
		assertThat(balances()).containsExactly(100L, 100L);
	}

	@Test
	void failureThatIsNotTransientIsNotRetried() {
		Sql.execute(this.database.connectionFactory(), "INSERT INTO person (name, age) VALUES ('ann', 1)");
		AtomicInteger calls = new AtomicInteger();
		Mono<Void> block = this.sessions.withSession((session) -> session.begin(BeginOptions.defaults().retry(RETRY),
				(s) -> {
					calls.incrementAndGet();
					s.add(new Person("ann", 2));
					return s.flush();
				}));
		StepVerifier.create(block).expectError(DataIntegrityViolationException.class).verify(Duration.ofSeconds(10));
		assertThat(calls).hasValue(1);
		assertThat(this.listener.attempted).hasValue(1);
		assertThat(this.listener.retried).isEmpty();
	}

	@Test
	void blockThatDoesNotRetryRunsOnceWhateverItsFailure() {
		AtomicInteger calls = new AtomicInteger();
		Mono<Void> block = this.sessions.withSession((session) -> session.begin((s) -> {
			calls.incrementAndGet();
			return Mono.error(new Flaky());
		}));
		StepVerifier.create(block).expectError(Flaky.class).verify(Duration.ofSeconds(10));
		assertThat(calls).hasValue(1);
		assertThat(this.listener.attempted).hasValue(0);
	}

	@Test
	void bindDefaultRetriesPlainBeginAndOptionsCanTurnItOff() {
		ReactiveSessionFactory retrying = ReactiveSessionFactory.builder(this.pool)
			.key("sa_main")
			.listener(this.listener)
			.retry(TransactionRetry.attempts(2).alsoRetryOn(Flaky.class::isInstance))
			.build();
		AtomicInteger calls = new AtomicInteger();
		Mono<String> flakyOnce = retrying.withSession((session) -> session.begin(
				(s) -> (calls.incrementAndGet() == 1) ? Mono.error(new Flaky()) : Mono.just("second")));
		StepVerifier.create(flakyOnce).expectNext("second").verifyComplete();
		assertThat(this.listener.retried).containsExactly(TransactionRetry.Cause.PREDICATE);
		calls.set(0);
		Mono<String> once = retrying.withSession((session) -> session.begin(
				BeginOptions.defaults().retry(TransactionRetry.none()), (s) -> {
					calls.incrementAndGet();
					return Mono.error(new Flaky());
				}));
		StepVerifier.create(once).expectError(Flaky.class).verify(Duration.ofSeconds(10));
		assertThat(calls).hasValue(1);
	}

	@Test
	void idsTheFailedAttemptGeneratedAreResetAndItsRowsAreGone() {
		Person ann = new Person("ann", 30);
		List<Object> idsAtStart = new CopyOnWriteArrayList<>();
		Mono<Long> block = this.sessions.withSession((session) -> session.begin(flakyOnce(), (s) -> {
			idsAtStart.add(String.valueOf(ann.getId()));
			s.add(ann);
			return s.flush().then(Mono.defer(() -> (idsAtStart.size() == 1) ? Mono.error(new Flaky())
					: Mono.just(ann.getId())));
		}));
		StepVerifier.create(block).assertNext((id) -> assertThat(id).isNotNull()).verifyComplete();
		assertThat(idsAtStart).containsExactly("null", "null");
		assertThat(Sql.count(this.database.connectionFactory(), "person")).isOne();
		assertThat(Sql.queryLong(this.database.connectionFactory(), "SELECT id FROM person")).isEqualTo(ann.getId());
	}

	@Test
	void versionsTheFailedAttemptWroteAreResetWithItsIds() {
		Note note = new Note("hello");
		List<String> atStart = new CopyOnWriteArrayList<>();
		Mono<Long> block = this.sessions.withSession((session) -> session.begin(flakyOnce(), (s) -> {
			atStart.add(note.getId() + "/" + note.getVersion());
			s.add(note);
			return s.flush().then(Mono.defer(() -> (atStart.size() == 1) ? Mono.error(new Flaky())
					: Mono.just(note.getVersion())));
		}));
		StepVerifier.create(block).assertNext((version) -> assertThat(version).isNotNull()).verifyComplete();
		assertThat(atStart).containsExactly("null/null", "null/null");
		assertThat(Sql.count(this.database.connectionFactory(), "note")).isOne();
	}

	@Test
	void retryingBlockInsideAnotherOnTheSameSessionFailsWithoutTouchingItsInserts() {
		Person ann = new Person("ann", 30);
		AtomicInteger calls = new AtomicInteger();
		List<Object> idsAtStart = new CopyOnWriteArrayList<>();
		Mono<Long> block = this.sessions.withSession((session) -> session.begin(flakyOnce(), (s) -> {
			calls.incrementAndGet();
			idsAtStart.add(String.valueOf(ann.getId()));
			s.add(ann);
			Mono<Void> inner = s.begin(flakyOnce(), (nested) -> Mono.<Void>empty())
				.onErrorResume(IllegalStateException.class, (ex) -> Mono.empty());
			return s.flush()
				.then(inner)
				.then(Mono.defer(() -> (calls.get() == 1) ? Mono.error(new Flaky()) : Mono.just(ann.getId())));
		}));
		StepVerifier.create(block).assertNext((id) -> assertThat(id).isNotNull()).verifyComplete();
		// The inner block was refused (a transaction is open) and left the outer journal
		// alone: the failed attempt's id was still reset.
		assertThat(idsAtStart).containsExactly("null", "null");
		assertThat(Sql.count(this.database.connectionFactory(), "person")).isOne();
	}

	@Test
	void cancelDuringTheBackoffRunsNoFurtherAttemptAndLeavesNothingOpen() {
		AtomicInteger calls = new AtomicInteger();
		BeginOptions slowRetry = BeginOptions.defaults()
			.retry(TransactionRetry.attempts(3)
				.backoff(Duration.ofSeconds(2), Duration.ofSeconds(2))
				.alsoRetryOn(Flaky.class::isInstance));
		Mono<Void> block = this.sessions.withSession((session) -> session.begin(slowRetry, (s) -> {
			calls.incrementAndGet();
			return s.sql("UPDATE account SET balance = balance + 1 WHERE id = 1").then().then(Mono.error(new Flaky()));
		}));
		StepVerifier.create(block)
			.expectSubscription()
			.then(() -> await().atMost(Duration.ofSeconds(10)).until(() -> this.listener.retried.size() == 1))
			.thenCancel()
			.verify(Duration.ofSeconds(10));
		sleep(Duration.ofSeconds(3));
		assertThat(calls).hasValue(1);
		assertThat(this.pool.getMetrics().orElseThrow().acquiredSize()).isZero();
		assertThat(balances()).containsExactly(100L, 100L);
	}

	@Test
	void eachRetryLogsOneDebugLineNamingTheBindTheAttemptAndTheSqlState(CapturedOutput output) {
		Logger logger = (Logger) LoggerFactory.getLogger(RetryingBegin.class);
		Level level = logger.getLevel();
		logger.setLevel(Level.DEBUG);
		Connection holder = lockAccountOne();
		try {
			BeginOptions twice = BeginOptions.defaults()
				.retry(TransactionRetry.attempts(2).backoff(Duration.ofMillis(5), Duration.ofMillis(5)));
			Mono<Long> block = this.sessions.withSession((session) -> session.begin(twice,
					(s) -> Flux.fromIterable(shortLockWait())
						.concatMap((sql) -> s.sql(sql).then())
						.then(s.sql(UPDATE_ACCOUNT_ONE).fetch().rowsUpdated())));
			StepVerifier.create(block).expectError(TransactionRetriesExhaustedException.class).verify(Duration.ofSeconds(30));
		}
		finally {
			release(holder);
			logger.setLevel(level);
		}
		assertThat(output.getOut().lines().filter((line) -> line.contains("runs its begin block again")))
			.singleElement()
			.satisfies((line) -> assertThat(line).contains("DEBUG", "Session 'sa_main' runs its begin block again",
					"attempt 1 of 2 failed with lock-timeout (SQLSTATE"));
	}

	@Test
	void everyAttemptStartsWithAnEmptyIdentityMap() {
		ReactiveSession session = this.sessions.openSession();
		AtomicReference<Account> loadedBefore = new AtomicReference<>();
		List<Boolean> heldAtStart = new CopyOnWriteArrayList<>();
		List<Account> loadedInAttempts = new CopyOnWriteArrayList<>();
		Mono<Long> work = session.get(Account.class, 1L)
			.doOnNext(loadedBefore::set)
			.then(session.commit())
			.then(session.begin(flakyOnce(), (s) -> {
				heldAtStart.add(s.contains(loadedBefore.get())
						|| loadedInAttempts.stream().anyMatch(s::contains));
				return s.get(Account.class, 1L).flatMap((account) -> {
					loadedInAttempts.add(account);
					account.setBalance(account.getBalance() + 1);
					return (loadedInAttempts.size() == 1) ? s.flush().then(Mono.error(new Flaky()))
							: Mono.just(account.getBalance());
				});
			}));
		StepVerifier.create(work.flatMap((balance) -> session.close().thenReturn(balance)))
			.expectNext(101L)
			.verifyComplete();
		assertThat(heldAtStart).containsExactly(false, false);
		assertThat(loadedInAttempts.get(1)).isNotSameAs(loadedInAttempts.get(0));
		assertThat(balances()).containsExactly(101L, 100L);
	}

	@Test
	void changesMadeBeforeARetryingBlockAreRefusedAndKept() {
		ReactiveSession session = this.sessions.openSession();
		Person ann = session.add(new Person("ann", 30));
		StepVerifier.create(session.begin(BeginOptions.defaults().retry(RETRY), (s) -> Mono.just(1)))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("Session 'sa_main' has changes that are not flushed before a begin(...) that retries"))
			.verify(Duration.ofSeconds(10));
		assertThat(session.contains(ann)).isTrue();
		StepVerifier.create(session.commit().then(session.close())).verifyComplete();
		assertThat(Sql.count(this.database.connectionFactory(), "person")).isOne();
	}

	@Test
	void blockJoiningASpringTransactionItDidNotOpenIsNotRetried() {
		TransactionalOperator operator = TransactionalOperator.create(this.sessions.transactionManager());
		AtomicInteger calls = new AtomicInteger();
		Mono<Object> outer = operator.transactional(this.sessions.withSession((session) -> session.begin(flakyOnce(),
				(s) -> {
					calls.incrementAndGet();
					return Mono.error(new Flaky());
				})));
		StepVerifier.create(outer).expectError(Flaky.class).verify(Duration.ofSeconds(10));
		assertThat(calls).hasValue(1);
		assertThat(this.listener.retried).isEmpty();
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static BeginOptions flakyOnce() {
		return BeginOptions.defaults().retry(RETRY.alsoRetryOn(Flaky.class::isInstance));
	}

	List<Long> balances() {
		return List.of(Sql.queryLong(this.database.connectionFactory(), "SELECT balance FROM account WHERE id = 1"),
				Sql.queryLong(this.database.connectionFactory(), "SELECT balance FROM account WHERE id = 2"));
	}

	/**
	 * A connection outside the pool holding the row lock of account 1 in an open
	 * transaction.
	 */
	private Connection lockAccountOne() {
		Connection connection = Mono.from(this.database.connectionFactory().create()).block(Duration.ofSeconds(10));
		Mono.from(connection.beginTransaction())
			.thenMany(connection.createStatement("UPDATE account SET balance = balance WHERE id = 1").execute())
			.flatMap((result) -> Mono.from(result.getRowsUpdated()))
			.then()
			.block(Duration.ofSeconds(10));
		return connection;
	}

	private static void release(Connection connection) {
		Mono.from(connection.rollbackTransaction()).then(Mono.from(connection.close())).block(Duration.ofSeconds(10));
	}

	private static final class Flaky extends RuntimeException {

		Flaky() {
			super("flaky");
		}

	}

	static final class RecordingListener implements SessionListener {

		final AtomicInteger attempted = new AtomicInteger();

		final List<TransactionRetry.Cause> retried = new CopyOnWriteArrayList<>();

		final List<TransactionRetry.Cause> exhausted = new CopyOnWriteArrayList<>();

		@Override
		public void beginAttempted(String key) {
			this.attempted.incrementAndGet();
		}

		@Override
		public void beginRetried(String key, TransactionRetry.Cause cause) {
			this.retried.add(cause);
		}

		@Override
		public void beginRetriesExhausted(String key, TransactionRetry.Cause cause) {
			this.exhausted.add(cause);
		}

	}

}
