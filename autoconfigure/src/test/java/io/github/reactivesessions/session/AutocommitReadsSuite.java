package io.github.reactivesessions.session;

import java.time.Duration;
import java.util.List;

import io.github.reactivesessions.bind.Binds;
import io.github.reactivesessions.testsupport.Person;
import io.github.reactivesessions.testsupport.Sql;
import io.github.reactivesessions.testsupport.StatementRecorder;
import io.github.reactivesessions.testsupport.TestDatabase;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.data.relational.core.query.Criteria;
import org.springframework.data.relational.core.query.Query;
import org.springframework.data.relational.core.query.Update;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Sessions of a bind with autocommit-reads: their reads run outside a transaction until
 * their first write or {@code begin}, written once and run against every database by a
 * subclass that supplies it (autocommit-reads is set on, whatever the database's default,
 * so that every database runs every case).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AutocommitReadsSuite {

	private static final String BEGIN = "beginTransaction";

	private static final String COMMIT = "commitTransaction";

	private static final String ROLLBACK = "rollbackTransaction";

	private TestDatabase database;

	private ConnectionPool pool;

	private StatementRecorder recorder;

	private ReactiveSessionFactory sessions;

	protected abstract TestDatabase createDatabase();

	/**
	 * Whether a bind on this database has autocommit-reads when it does not say.
	 */
	protected abstract boolean autocommitReadsByDefault();

	@BeforeAll
	void createDatabaseOnce() {
		this.database = createDatabase();
	}

	@AfterAll
	void dropDatabase() {
		this.database.close();
	}

	@BeforeEach
	void createTableAndPool() {
		Sql.execute(this.database.connectionFactory(), "DROP TABLE IF EXISTS person", Person.ddl(this.database));
		this.recorder = new StatementRecorder();
		this.pool = new ConnectionPool(ConnectionPoolConfiguration
			.builder(this.recorder.wrap(this.database.connectionFactory()))
			.initialSize(0)
			.maxSize(4)
			.maxAcquireTime(Duration.ofSeconds(5))
			.build());
		this.sessions = autocommitting().build();
	}

	@AfterEach
	void disposePoolAndDropTable() {
		this.pool.disposeLater().block();
		Sql.execute(this.database.connectionFactory(), "DROP TABLE person");
	}

	@Test
	void defaultFollowsTheIsolationOfTheDatabase() {
		ReactiveSessionFactory unset = ReactiveSessionFactory.builder(this.pool).key(Binds.DEFAULT_KEY).build();
		assertThat(unset.isAutocommitReads()).isEqualTo(autocommitReadsByDefault());
		assertThat(unset.withKey("sa_other").isAutocommitReads()).isEqualTo(autocommitReadsByDefault());
	}

	@Test
	void readsRunOutsideATransactionEachOnAConnectionGivenBackAtOnce() {
		long ann = insertPerson("ann", 30);
		ReactiveSession session = this.sessions.openSession();
		StepVerifier.create(session.get(Person.class, ann).map(Person::getName)).expectNext("ann").verifyComplete();
		assertThat(acquired()).isZero();
		StepVerifier.create(session.select(Person.class, Query.empty()).count()).expectNext(1L).verifyComplete();
		StepVerifier.create(session.selectOne(Person.class, Query.query(Criteria.where("name").is("ann"))))
			.expectNextCount(1)
			.verifyComplete();
		StepVerifier.create(session.count(Person.class, Query.empty())).expectNext(1L).verifyComplete();
		StepVerifier.create(session.sql("/* names */ SELECT name FROM person").map((row) -> row.get(0)).all())
			.expectNext("ann")
			.verifyComplete();
		assertThat(session.inTransaction()).isFalse();
		assertThat(acquired()).isZero();
		StepVerifier.create(session.close()).verifyComplete();
		assertThat(this.recorder.events()).hasSize(5).doesNotContain(BEGIN, COMMIT, ROLLBACK);
	}

	@Test
	void writeAfterReadsIsTransactionalAndTheReadsWereNot() {
		long ann = insertPerson("ann", 30);
		ReactiveSession session = this.sessions.openSession();
		Person loaded = session.get(Person.class, ann).block();
		loaded.setAge(31);
		session.add(new Person("bob", 40));
		StepVerifier.create(session.commit().then(session.close())).verifyComplete();
		List<String> events = this.recorder.events();
		assertThat(events).hasSize(5);
		assertThat(events.get(0)).startsWith("SELECT");
		assertThat(events.get(1)).isEqualTo(BEGIN);
		assertThat(events.subList(2, 4)).anySatisfy((event) -> assertThat(event).startsWith("INSERT"))
			.anySatisfy((event) -> assertThat(event).startsWith("UPDATE"));
		assertThat(events.get(4)).isEqualTo(COMMIT);
		assertThat(Sql.queryLong(this.database.connectionFactory(), "SELECT age FROM person WHERE name = 'ann'"))
			.isEqualTo(31);
		assertThat(committedPeople()).isEqualTo(2);
		assertThat(acquired()).isZero();
	}

	@Test
	void readWithPendingChangesFlushesThemInATransaction() {
		insertPerson("ann", 30);
		ReactiveSession session = this.sessions.openSession();
		session.add(new Person("bob", 40));
		StepVerifier.create(session.count(Person.class, Query.empty())).expectNext(2L).verifyComplete();
		assertThat(session.inTransaction()).isTrue();
		StepVerifier.create(session.close()).verifyComplete();
		assertThat(this.recorder.events()).first().isEqualTo(BEGIN);
		assertThat(this.recorder.events()).last().isEqualTo(ROLLBACK);
		assertThat(committedPeople()).isEqualTo(1);
		assertThat(acquired()).isZero();
	}

	@Test
	void readsAfterTheFirstTransactionRunInOne() {
		long ann = insertPerson("ann", 30);
		ReactiveSession session = this.sessions.openSession();
		session.add(new Person("bob", 40));
		StepVerifier.create(session.commit()).verifyComplete();
		this.recorder.clear();
		StepVerifier.create(session.get(Person.class, ann).map(Person::getName)).expectNext("ann").verifyComplete();
		assertThat(session.inTransaction()).isTrue();
		assertThat(acquired()).isEqualTo(1);
		StepVerifier.create(session.close()).verifyComplete();
		assertThat(this.recorder.events()).first().isEqualTo(BEGIN);
		assertThat(acquired()).isZero();
	}

	@Test
	void beginAfterReadsFindsTheEntitiesTheReadsLoaded() {
		long ann = insertPerson("ann", 30);
		ReactiveSession session = this.sessions.openSession();
		Person loaded = session.get(Person.class, ann).block();
		Mono<Person> changed = session.begin((s) -> s.get(Person.class, ann).doOnNext((same) -> same.setAge(31)));
		StepVerifier.create(changed).assertNext((same) -> assertThat(same).isSameAs(loaded)).verifyComplete();
		StepVerifier.create(session.close()).verifyComplete();
		List<String> events = this.recorder.events();
		assertThat(events).hasSize(4);
		assertThat(events.get(0)).startsWith("SELECT");
		assertThat(events.get(1)).isEqualTo(BEGIN);
		assertThat(events.get(2)).startsWith("UPDATE");
		assertThat(events.get(3)).isEqualTo(COMMIT);
		assertThat(Sql.queryLong(this.database.connectionFactory(), "SELECT age FROM person WHERE name = 'ann'"))
			.isEqualTo(31);
	}

	@Test
	void sqlThatWritesOrLocksOpensATransaction() {
		insertPerson("ann", 30);
		for (String sql : List.of("UPDATE person SET age = age + 1", "SELECT name FROM person FOR UPDATE",
				"WITH named AS (SELECT name FROM person) SELECT name FROM named")) {
			this.recorder.clear();
			ReactiveSession session = this.sessions.openSession();
			StepVerifier.create(session.sql(sql).then()).verifyComplete();
			assertThat(session.inTransaction()).as(sql).isTrue();
			StepVerifier.create(session.rollback().then(session.close())).verifyComplete();
			assertThat(this.recorder.events()).as(sql).containsExactly(BEGIN, sql, ROLLBACK);
		}
		assertThat(Sql.queryLong(this.database.connectionFactory(), "SELECT age FROM person WHERE name = 'ann'"))
			.isEqualTo(30);
	}

	@Test
	void readOnlyBindReadsOutsideATransactionAndStillRefusesWrites() {
		long ann = insertPerson("ann", 30);
		ReactiveSession session = autocommitting().readOnly(true).build().openSession();
		StepVerifier.create(session.get(Person.class, ann)).expectNextCount(1).verifyComplete();
		assertThat(session.inTransaction()).isFalse();
		StepVerifier.create(session.update(Person.class, Query.empty(), Update.update("age", 1)))
			.expectError(ReadOnlySessionException.class)
			.verify();
		StepVerifier.create(session.close()).verifyComplete();
		assertThat(this.recorder.events()).singleElement().asString().startsWith("SELECT");
	}

	@Test
	void readInsideASpringTransactionOfTheBindJoinsIt() {
		TransactionalOperator operator = TransactionalOperator.create(this.sessions.transactionManager());
		DatabaseClient client = this.sessions.databaseClient();
		ReactiveSession session = this.sessions.openSession();
		Mono<Long> seen = operator.transactional(client.sql("INSERT INTO person (name, age) VALUES ('bob', 40)")
			.then()
			.then(session.count(Person.class, Query.empty()))
			.flatMap((count) -> Mono.error(new IllegalStateException("seen " + count))));
		StepVerifier.create(seen).expectErrorMessage("seen 1").verify();
		StepVerifier.create(session.close()).verifyComplete();
		assertThat(this.recorder.events()).first().isEqualTo(BEGIN);
		assertThat(this.recorder.events()).contains(ROLLBACK).doesNotContain(COMMIT);
		assertThat(committedPeople()).isZero();
		assertThat(acquired()).isZero();
	}

	@Test
	void readInsideATransactionOfAnotherConnectionFactoryDoesNotHoldItsConnection() {
		insertPerson("ann", 30);
		ConnectionPool other = new ConnectionPool(
				ConnectionPoolConfiguration.builder(this.database.connectionFactory()).initialSize(0).maxSize(1).build());
		try {
			TransactionalOperator operator = TransactionalOperator.create(new R2dbcTransactionManager(other));
			ReactiveSession session = this.sessions.openSession();
			Mono<Integer> heldDuringTheOtherTransaction = operator
				.transactional(session.count(Person.class, Query.empty()).then(Mono.fromSupplier(this::acquired)));
			StepVerifier.create(heldDuringTheOtherTransaction).expectNext(0).verifyComplete();
			StepVerifier.create(session.close()).verifyComplete();
		}
		finally {
			other.disposeLater().block();
		}
	}

	@Test
	void cancelledReadGivesItsConnectionBackAndTheSessionReadsOn() {
		for (int i = 0; i < 50; i++) {
			insertPerson("p" + i, i);
		}
		ReactiveSession session = this.sessions.openSession();
		StepVerifier.create(session.select(Person.class, Query.empty()).take(1)).expectNextCount(1).verifyComplete();
		await().atMost(Duration.ofSeconds(5)).until(() -> acquired() == 0);
		StepVerifier.create(session.count(Person.class, Query.empty())).expectNext(50L).verifyComplete();
		assertThat(session.inTransaction()).isFalse();
		StepVerifier.create(session.close()).verifyComplete();
		assertThat(this.recorder.events()).doesNotContain(BEGIN);
		assertThat(acquired()).isZero();
	}

	@Test
	void cancelledFlushAfterReadsIsRolledBackAtClose() {
		long ann = insertPerson("ann", 30);
		ReactiveSession session = this.sessions.openSession();
		session.get(Person.class, ann).block();
		session.add(new Person("bob", 40));
		StepVerifier.create(session.flush().then(Mono.never()))
			.expectSubscription()
			.expectNoEvent(Duration.ofMillis(200))
			.thenCancel()
			.verify();
		StepVerifier.create(session.close()).verifyComplete();
		assertThat(committedPeople()).isEqualTo(1);
		assertThat(acquired()).isZero();
		assertThat(this.recorder.events()).last().isEqualTo(ROLLBACK);
	}

	@Test
	void cancelledBeginAfterReadsIsRolledBack() {
		long ann = insertPerson("ann", 30);
		ReactiveSession session = this.sessions.openSession();
		session.get(Person.class, ann).block();
		Mono<Object> work = session.begin((s) -> {
			s.add(new Person("bob", 40));
			return s.flush().then(Mono.never());
		});
		StepVerifier.create(work).expectSubscription().expectNoEvent(Duration.ofMillis(200)).thenCancel().verify();
		await().atMost(Duration.ofSeconds(5)).until(() -> acquired() == 0);
		assertThat(committedPeople()).isEqualTo(1);
		assertThat(session.inTransaction()).isFalse();
		StepVerifier.create(session.close()).verifyComplete();
		assertThat(this.recorder.events()).last().isEqualTo(ROLLBACK);
	}

	@Test
	void commitAfterOnlyReadsSendsNothingAndExpiresWhenTheBindSaysSo() {
		long ann = insertPerson("ann", 30);
		ReactiveSession keeping = this.sessions.openSession();
		Person kept = keeping.get(Person.class, ann).block();
		StepVerifier.create(keeping.commit()).verifyComplete();
		assertThat(keeping.contains(kept)).isTrue();
		ReactiveSession expiring = autocommitting().expireOnCommit(true).build().openSession();
		Person expired = expiring.get(Person.class, ann).block();
		StepVerifier.create(expiring.commit()).verifyComplete();
		assertThat(expiring.contains(expired)).isFalse();
		StepVerifier.create(keeping.close().then(expiring.close())).verifyComplete();
		assertThat(this.recorder.events()).hasSize(2).doesNotContain(BEGIN, COMMIT);
	}

	@Test
	void readThatGetsNoConnectionFailsNamingTheBind() {
		ConnectionPool single = new ConnectionPool(ConnectionPoolConfiguration.builder(this.database.connectionFactory())
			.initialSize(0)
			.maxSize(1)
			.maxAcquireTime(Duration.ofMillis(300))
			.build());
		try {
			ReactiveSessionFactory sessions = ReactiveSessionFactory.builder(single)
				.key("sa_single")
				.autocommitReads(true)
				.build();
			ReactiveSession writer = sessions.openSession();
			writer.add(new Person("bob", 40));
			StepVerifier.create(writer.flush()).verifyComplete();
			StepVerifier.create(sessions.withSession((s) -> s.count(Person.class, Query.empty())))
				.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(ConnectionUnavailableException.class)
					.hasMessageStartingWith("Session 'sa_single' got no connection"))
				.verify(Duration.ofSeconds(5));
			StepVerifier.create(writer.close()).verifyComplete();
			assertThat(single.getMetrics().orElseThrow().acquiredSize()).isZero();
		}
		finally {
			single.disposeLater().block();
		}
	}

	private ReactiveSessionFactory.Builder autocommitting() {
		return ReactiveSessionFactory.builder(this.pool).key(Binds.DEFAULT_KEY).autocommitReads(true);
	}

	private long insertPerson(String name, int age) {
		Sql.execute(this.database.connectionFactory(),
				"INSERT INTO person (name, age) VALUES ('" + name + "', " + age + ")");
		return Sql.queryLong(this.database.connectionFactory(), "SELECT id FROM person WHERE name = '" + name + "'");
	}

	private long committedPeople() {
		return Sql.count(this.database.connectionFactory(), "person");
	}

	private int acquired() {
		return this.pool.getMetrics().orElseThrow().acquiredSize();
	}

}
