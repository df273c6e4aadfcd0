package io.github.reactivesessions.session;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import io.github.reactivesessions.bind.Binds;
import io.github.reactivesessions.testsupport.Note;
import io.github.reactivesessions.testsupport.Person;
import io.github.reactivesessions.testsupport.Sql;
import io.github.reactivesessions.testsupport.StatementRecorder;
import io.github.reactivesessions.testsupport.TestDatabase;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.annotation.AccessType;
import org.springframework.data.domain.Sort;
import org.springframework.data.mapping.callback.ReactiveEntityCallbacks;
import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.data.r2dbc.mapping.event.AfterConvertCallback;
import org.springframework.data.r2dbc.mapping.event.BeforeSaveCallback;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.data.relational.core.query.Query;
import org.springframework.data.relational.core.query.Update;
import org.springframework.data.relational.domain.SqlSort;
import org.springframework.transaction.reactive.TransactionSynchronization;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;
import org.springframework.transaction.reactive.TransactionalOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The behaviour of {@link ReactiveSession}, written once and run against every database by
 * a subclass that supplies it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SessionBehaviourSuite {

	private TestDatabase database;

	private ConnectionPool pool;

	private StatementRecorder recorder;

	private ReactiveSessionFactory sessions;

	protected abstract TestDatabase createDatabase();

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
		Sql.execute(this.database.connectionFactory(), "DROP TABLE IF EXISTS person", "DROP TABLE IF EXISTS note",
				Person.ddl(this.database), Note.ddl(this.database));
		this.recorder = new StatementRecorder();
		this.pool = new ConnectionPool(ConnectionPoolConfiguration
			.builder(this.recorder.wrap(this.database.connectionFactory()))
			.initialSize(0)
			.maxSize(4)
			.maxAcquireTime(Duration.ofSeconds(5))
			.build());
		this.sessions = ReactiveSessionFactory.builder(this.pool).key(Binds.DEFAULT_KEY).build();
	}

	@AfterEach
	void disposePoolAndDropTables() {
		this.pool.disposeLater().block();
		Sql.execute(this.database.connectionFactory(), "DROP TABLE person", "DROP TABLE note");
	}

	// Connections

	@Test
	void sessionOpenedAndClosedWithoutStatementTakesNoConnection() {
		ReactiveSession session = this.sessions.openSession();
		session.add(new Person("unflushed", 1));
		StepVerifier.create(session.close()).verifyComplete();
		assertThat(this.pool.getMetrics().orElseThrow().allocatedSize()).isZero();
		assertThat(this.recorder.statements()).isEmpty();
	}

	@Test
	void commitGivesTheConnectionBackToThePool() {
		ReactiveSession session = this.sessions.openSession();
		session.add(new Person("ann", 30));
		StepVerifier.create(session.flush().then(Mono.fromSupplier(this::acquired))).expectNext(1).verifyComplete();
		StepVerifier.create(session.commit()).verifyComplete();
		assertThat(acquired()).isZero();
		assertThat(session.inTransaction()).isFalse();
	}

	// begin

	@Test
	void beginCommitsWhenWorkCompletes() {
		StepVerifier.create(this.sessions.inTransaction((session) -> Mono.just(session.add(new Person("ann", 30)))))
			.expectNextCount(1)
			.verifyComplete();
		assertThat(committedPeople()).isEqualTo(1);
		assertThat(acquired()).isZero();
	}

	@Test
	void errorInsideBeginLeavesNoRowAndNoAcquiredConnection() {
		Mono<Object> work = this.sessions.inTransaction((session) -> {
			session.add(new Person("ann", 30));
			return session.flush().then(Mono.error(new IllegalStateException("boom")));
		});
		StepVerifier.create(work).expectErrorMessage("boom").verify();
		assertThat(committedPeople()).isZero();
		assertThat(acquired()).isZero();
	}

	@Test
	void cancelInsideBeginLeavesNoRowAndNoAcquiredConnection() {
		Mono<Object> work = this.sessions.inTransaction((session) -> {
			session.add(new Person("ann", 30));
			return session.flush().then(Mono.never());
		});
		StepVerifier.create(work)
			.expectSubscription()
			.expectNoEvent(Duration.ofMillis(300))
			.thenCancel()
			.verify();
		await().atMost(Duration.ofSeconds(5)).until(() -> acquired() == 0);
		assertThat(committedPeople()).isZero();
	}

	@Test
	void beginInsideAnOpenTransactionFails() {
		ReactiveSession session = this.sessions.openSession();
		session.add(new Person("ann", 30));
		Mono<Long> work = session.flush().then(session.begin((s) -> Mono.just(1L)));
		StepVerifier.create(work)
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("'sa_main' already has a transaction open")
				.hasMessageContaining("beginNested"))
			.verify();
		StepVerifier.create(session.close()).verifyComplete();
		assertThat(acquired()).isZero();
	}

	@Test
	void commitInsideBeginIsRefusedAndTheBlockRollsBack() {
		Mono<Void> work = this.sessions.inTransaction((session) -> {
			session.add(new Person("ann", 30));
			return session.commit();
		});
		StepVerifier.create(work).expectErrorMessage(
				"Session 'sa_main': commit() inside begin(...) is not allowed; the block commits when its publisher "
						+ "completes and rolls back when it fails")
			.verify();
		assertThat(committedPeople()).isZero();
	}

	@Test
	void beginManyCommitsAfterTheLastElement() {
		Flux<Person> work = this.sessions.withSessionMany((session) -> session.beginMany((s) -> {
			s.addAll(List.of(new Person("a", 1), new Person("b", 2)));
			return s.select(Person.class, Query.empty().sort(org.springframework.data.domain.Sort.by("name")));
		}));
		StepVerifier.create(work.map(Person::getName)).expectNext("a", "b").verifyComplete();
		assertThat(committedPeople()).isEqualTo(2);
	}

	// Savepoints

	@Test
	void beginNestedRollsBackToTheSavepointAndKeepsTheOuterTransaction() {
		Mono<Long> work = this.sessions.inTransaction((session) -> {
			session.add(new Person("outer", 1));
			return session.beginNested((s) -> {
				s.add(new Person("inner", 2));
				return s.flush().then(Mono.error(new IllegalStateException("inner failed")));
			}).onErrorResume(IllegalStateException.class, (ex) -> Mono.empty())
				.then(session.count(Person.class, Query.empty()));
		});
		StepVerifier.create(work).expectNext(1L).verifyComplete();
		assertThat(Sql.strings(this.database.connectionFactory(), "SELECT name FROM person")).containsExactly("outer");
	}

	@Test
	void beginNestedReleasesTheSavepointWhenWorkCompletes() {
		Mono<Long> work = this.sessions.inTransaction((session) -> session
			.beginNested((s) -> Mono.just(s.add(new Person("inner", 2))))
			.then(session.count(Person.class, Query.empty())));
		StepVerifier.create(work).expectNext(1L).verifyComplete();
		assertThat(committedPeople()).isEqualTo(1);
	}

	@Test
	void failedFlushInsideBeginNestedCanBeRecoveredFrom() {
		Sql.execute(this.database.connectionFactory(), "INSERT INTO person (name, age) VALUES ('taken', 1)");
		Mono<Long> work = this.sessions.inTransaction((session) -> {
			session.add(new Person("kept", 1));
			return session.beginNested((s) -> Mono.just(s.add(new Person("taken", 2))))
				.onErrorResume(DataIntegrityViolationException.class, (ex) -> Mono.empty())
				.then(session.count(Person.class, Query.empty()));
		});
		StepVerifier.create(work).expectNext(2L).verifyComplete();
		assertThat(Sql.strings(this.database.connectionFactory(), "SELECT name FROM person ORDER BY name"))
			.containsExactly("kept", "taken");
	}

	// Autobegin, commit, rollback, close

	@Test
	void statementOutsideBeginOpensATransactionThatStaysOpenUntilCommit() {
		ReactiveSession session = this.sessions.openSession();
		session.add(new Person("ann", 30));
		StepVerifier.create(session.flush()).verifyComplete();
		assertThat(session.inTransaction()).isTrue();
		assertThat(committedPeople()).isZero();
		StepVerifier.create(session.commit()).verifyComplete();
		assertThat(committedPeople()).isEqualTo(1);
		StepVerifier.create(session.close()).verifyComplete();
	}

	@Test
	void closeAfterAutobeginRollsBack() {
		ReactiveSession session = this.sessions.openSession();
		session.add(new Person("ann", 30));
		StepVerifier.create(session.flush().then(session.close())).verifyComplete();
		assertThat(committedPeople()).isZero();
		assertThat(acquired()).isZero();
	}

	@Test
	void closeIsIdempotent() {
		ReactiveSession session = this.sessions.openSession();
		StepVerifier.create(session.count(Person.class, Query.empty()).then(session.close()).then(session.close()))
			.verifyComplete();
		assertThat(acquired()).isZero();
	}

	@Test
	void closeAfterOnlyReadingEndsTheTransactionWithCommit() {
		Sql.execute(this.database.connectionFactory(), "INSERT INTO person (name, age) VALUES ('ann', 30)");
		ReactiveSession session = readsInTransactions().openSession();
		Mono<Long> reads = session.count(Person.class, Query.empty())
			.then(session.select(Person.class, Query.empty()).next())
			.flatMap((ann) -> session.get(Person.class, ann.getId()))
			.then(session.selectOne(Person.class, Query.query(Criteria.where("name").is("ann"))))
			.then(session.count(Person.class, Query.empty()));
		StepVerifier.create(reads.then(session.close())).verifyComplete();
		assertThat(this.recorder.transactionEnds()).containsExactly("commitTransaction");
		assertThat(acquired()).isZero();
	}

	@Test
	void closeAfterAnythingThatMayWriteEndsTheTransactionWithRollback() {
		Sql.execute(this.database.connectionFactory(), "INSERT INTO person (name, age) VALUES ('ann', 30)");
		Map<String, Function<ReactiveSession, Mono<?>>> writes = new LinkedHashMap<>();
		writes.put("flush", (session) -> {
			session.add(new Person("flushed", 1));
			return session.flush();
		});
		writes.put("sql", (session) -> session.sql("INSERT INTO person (name, age) VALUES ('sql', 2)").then());
		writes.put("update", (session) -> session.update(Person.class, Query.empty(), Update.update("age", 3)));
		writes.put("delete", (session) -> session.delete(Person.class, Query.empty()));
		writes.put("operations", (session) -> session.operations().insert(new Person("operations", 4)));
		writes.put("spring code in beginNested", (session) -> session.beginNested((s) -> this.sessions.databaseClient()
			.sql("INSERT INTO person (name, age) VALUES ('nested', 5)")
			.then()
			.thenReturn(1)));
		writes.forEach((name, write) -> {
			this.recorder.clear();
			ReactiveSession session = this.sessions.openSession();
			StepVerifier.create(session.count(Person.class, Query.empty()).then(write.apply(session)).then(session.close()))
				.verifyComplete();
			assertThat(this.recorder.transactionEnds()).as(name).containsExactly("rollbackTransaction");
			assertThat(Sql.strings(this.database.connectionFactory(), "SELECT CONCAT(name, ':', age) FROM person"))
				.as(name)
				.containsExactly("ann:30");
		});
	}

	@Test
	void sessionOpenedInsideAnotherSessionsBeginJoinsItsTransaction() {
		String connectionId = this.database.connectionIdQuery();
		Mono<List<Object>> ids = this.sessions.inTransaction((outer) -> Flux
			.concat(outer.sql(connectionId).map((row) -> row.get(0)).one(),
					this.sessions.withSession((inner) -> inner.sql(connectionId).map((row) -> row.get(0)).one()))
			.collectList());
		StepVerifier.create(ids)
			.assertNext((both) -> assertThat(both).hasSize(2).satisfies((list) -> assertThat(list.get(1)).isEqualTo(list.get(0))))
			.verifyComplete();
	}

	@Test
	void closeInsideABeginBlockRollsBackEvenAfterOnlyReading() {
		ReactiveSession session = this.sessions.openSession();
		StepVerifier.create(session.begin((s) -> s.count(Person.class, Query.empty()).then(s.close())))
			.expectErrorMessage("Session 'sa_main': the transaction of begin(...) was ended inside the block")
			.verify();
		assertThat(this.recorder.transactionEnds()).containsExactly("rollbackTransaction");
	}

	@Test
	void closeAllClosesOnSubscriptionIdleSessionsAndThoseWithATransaction() {
		ReactiveSession idle = this.sessions.openSession();
		ReactiveSession writing = sessionWithAFlushedInsert();
		Mono<Void> closing = ReactiveSession.closeAll(List.of(idle, writing));
		// Nothing is closed before the subscription.
		StepVerifier.create(idle.count(Person.class, Query.empty())).expectNext(0L).verifyComplete();
		StepVerifier.create(closing).verifyComplete();
		assertThat(committedPeople()).isZero();
		assertThat(acquired()).isZero();
		for (ReactiveSession session : List.of(idle, writing)) {
			StepVerifier.create(session.count(Person.class, Query.empty()))
				.expectErrorMessage("Session 'sa_main' is closed: open a new session (the request or block it "
						+ "belonged to has ended)")
				.verify();
		}
	}

	@Test
	void closeAllStillClosesTheOtherSessionsWhenOneFailsToClose() {
		ReactiveSession idle = this.sessions.openSession();
		ReactiveSession writing = sessionWithAFlushedInsert();
		ReactiveSession broken = (ReactiveSession) Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { ReactiveSession.class }, (proxy, method, args) -> switch (method.getName()) {
					case "key" -> "broken";
					case "close" -> Mono.error(new IllegalStateException("the connection is gone"));
					default -> throw new UnsupportedOperationException(method.getName());
				});
		StepVerifier.create(ReactiveSession.closeAll(List.of(idle, broken, writing))).verifyComplete();
		assertThat(committedPeople()).isZero();
		assertThat(acquired()).isZero();
		StepVerifier.create(idle.count(Person.class, Query.empty())).expectError(IllegalStateException.class).verify();
	}

	@Test
	void closedSessionRefusesStatements() {
		ReactiveSession session = this.sessions.openSession();
		StepVerifier.create(session.close().then(session.count(Person.class, Query.empty())))
			.expectErrorMessage("Session 'sa_main' is closed: open a new session (the request or block it belonged "
					+ "to has ended)")
			.verify();
		assertThat(this.pool.getMetrics().orElseThrow().allocatedSize()).isZero();
	}

	@Test
	void rollbackDiscardsFlushedAndPendingChanges() {
		ReactiveSession session = this.sessions.openSession();
		Person flushed = session.add(new Person("flushed", 1));
		Mono<Void> work = session.flush().then(Mono.fromRunnable(() -> session.add(new Person("pending", 2))))
			.then(session.rollback())
			.then(session.commit());
		StepVerifier.create(work).verifyComplete();
		assertThat(committedPeople()).isZero();
		assertThat(session.contains(flushed)).isFalse();
		assertThat(acquired()).isZero();
	}

	// Unit of work

	@Test
	void addIsPendingUntilFlush() {
		ReactiveSession session = this.sessions.openSession();
		session.add(new Person("ann", 30));
		assertThat(inserts()).isEmpty();
		StepVerifier.create(session.flush()).verifyComplete();
		assertThat(inserts()).hasSize(1);
		StepVerifier.create(session.close()).verifyComplete();
	}

	@Test
	void queriesFlushPendingChangesFirst() {
		Mono<Long> work = this.sessions.inTransaction((session) -> {
			session.add(new Person("ann", 30));
			return session.count(Person.class, Query.empty());
		});
		StepVerifier.create(work).expectNext(1L).verifyComplete();
	}

	@Test
	void commitFlushesPendingChanges() {
		ReactiveSession session = this.sessions.openSession();
		session.add(new Person("ann", 30));
		StepVerifier.create(session.commit()).verifyComplete();
		assertThat(committedPeople()).isEqualTo(1);
	}

	@Test
	void flushWritesChangesInTheOrderOfTheCalls() {
		Sql.execute(this.database.connectionFactory(), "INSERT INTO person (name, age) VALUES ('old', 1)");
		Mono<Void> work = this.sessions.inTransaction((session) -> session
			.selectOne(Person.class, Query.query(Criteria.where("name").is("old")))
			.flatMap((old) -> {
				this.recorder.clear();
				session.add(new Person("first", 1));
				session.delete(old);
				session.add(new Person("second", 2));
				return session.flush();
			}));
		StepVerifier.create(work).verifyComplete();
		assertThat(this.recorder.statements()).filteredOn((sql) -> !sql.startsWith("COMMIT"))
			.satisfiesExactly((sql) -> assertThat(sql).startsWith("INSERT"), (sql) -> assertThat(sql).startsWith("DELETE"),
					(sql) -> assertThat(sql).startsWith("INSERT"));
		assertThat(Sql.strings(this.database.connectionFactory(), "SELECT name FROM person ORDER BY name"))
			.containsExactly("first", "second");
	}

	@Test
	void generatedIdsAreWrittenBackToTheEntities() {
		Person ann = new Person("ann", 30);
		Person bob = new Person("bob", 40);
		Mono<Void> work = this.sessions.inTransaction((session) -> {
			session.addAll(List.of(ann, bob));
			return session.flush();
		});
		StepVerifier.create(work).verifyComplete();
		assertThat(ann.getId()).isNotNull();
		assertThat(bob.getId()).isNotNull().isNotEqualTo(ann.getId());
	}

	@Test
	void flushInsertsWithTheSqlOfTheTemplatesInsertForEachListOfColumns() {
		assertThat(this.sessions.entityTemplate().getDataAccessStrategy().getStatementMapper())
			.isInstanceOf(InsertStatementCache.class);
		R2dbcEntityTemplate spring = new R2dbcEntityTemplate(this.pool);
		StepVerifier.create(spring.insert(new Person("ann", 30)).then(spring.insert(withId(new Person("bob", 40), 1000L))))
			.expectNextCount(1)
			.verifyComplete();
		List<String> springInserts = this.recorder.statements();
		assertThat(springInserts).hasSize(2);
		this.recorder.clear();
		Person carl = new Person("carl", 50);
		Person erin = new Person("erin", 70);
		Mono<Void> work = this.sessions.inTransaction((session) -> {
			session.addAll(List.of(carl, withId(new Person("dave", 60), 2000L), erin, withId(new Person("fred", 80), 3000L)));
			return session.flush();
		});
		StepVerifier.create(work).verifyComplete();
		assertThat(this.recorder.statements()).filteredOn((sql) -> sql.startsWith("INSERT"))
			.containsExactly(springInserts.get(0), springInserts.get(1), springInserts.get(0), springInserts.get(1));
		assertThat(carl.getId()).isNotNull();
		assertThat(erin.getId()).isNotNull().isNotEqualTo(carl.getId());
		assertThat(Sql.strings(this.database.connectionFactory(), "SELECT name FROM person ORDER BY age"))
			.containsExactly("ann", "bob", "carl", "dave", "erin", "fred");
		assertThat(Sql.strings(this.database.connectionFactory(),
				"SELECT name FROM person WHERE id IN (1000, 2000, 3000) ORDER BY id"))
			.containsExactly("bob", "dave", "fred");
	}

	@Test
	void deleteOfAnAddedEntityThatWasNeverFlushedForgetsIt() {
		ReactiveSession session = this.sessions.openSession();
		Person ann = session.add(new Person("ann", 30));
		session.delete(ann);
		assertThat(session.contains(ann)).isFalse();
		StepVerifier.create(session.commit()).verifyComplete();
		assertThat(this.recorder.statements()).isEmpty();
	}

	@Test
	void deleteRemovesTheRowAtFlush() {
		long id = insertPerson("ann", 30);
		Mono<Void> work = this.sessions.inTransaction((session) -> session.get(Person.class, id)
			.doOnNext(session::delete)
			.then());
		StepVerifier.create(work).verifyComplete();
		assertThat(committedPeople()).isZero();
	}

	@Test
	void failedFlushAtCommitRollsBackEverythingAndReleasesTheConnection() {
		Sql.execute(this.database.connectionFactory(), "INSERT INTO person (name, age) VALUES ('taken', 1)");
		ReactiveSession session = this.sessions.openSession();
		session.add(new Person("fresh", 1));
		session.add(new Person("taken", 2));
		StepVerifier.create(session.commit()).expectError(DataIntegrityViolationException.class).verify();
		assertThat(Sql.strings(this.database.connectionFactory(), "SELECT name FROM person")).containsExactly("taken");
		assertThat(session.inTransaction()).isFalse();
		assertThat(acquired()).isZero();
	}

	@Test
	void failedDirtyCheckAtCommitRollsBackAndReleasesTheConnection() {
		long id = insertPerson("ann", 30);
		ReactiveSession session = this.sessions.openSession();
		Mono<Void> work = session.get(UnreadablePerson.class, id).flatMap((person) -> {
			person.setName(UnreadablePerson.UNREADABLE);
			return session.commit();
		});
		StepVerifier.create(work)
			.expectErrorSatisfies((ex) -> assertThat(ex).hasStackTraceContaining("name cannot be read"))
			.verify();
		assertThat(session.inTransaction()).isFalse();
		assertThat(acquired()).isZero();
		StepVerifier.create(session.close()).verifyComplete();
	}

	@Test
	void failedFlushLeavesTheTransactionOnlyRollbackable() {
		Sql.execute(this.database.connectionFactory(), "INSERT INTO person (name, age) VALUES ('taken', 1)");
		ReactiveSession session = this.sessions.openSession();
		session.add(new Person("fresh", 1));
		session.add(new Person("taken", 2));
		StepVerifier.create(session.flush()).expectError(DataIntegrityViolationException.class).verify();
		StepVerifier.create(session.count(Person.class, Query.empty()))
			.expectErrorSatisfies((ex) -> assertThat(ex).hasMessageContaining("a previous flush failed"))
			.verify();
		StepVerifier.create(session.rollback().then(session.count(Person.class, Query.empty())))
			.expectNext(1L)
			.verifyComplete();
		StepVerifier.create(session.close()).verifyComplete();
		assertThat(acquired()).isZero();
	}

	// Identity map

	@Test
	void getReturnsTheHeldInstanceWithoutSql() {
		long id = insertPerson("ann", 30);
		ReactiveSession session = this.sessions.openSession();
		AtomicReference<Person> first = new AtomicReference<>();
		StepVerifier.create(session.get(Person.class, id).doOnNext(first::set)).expectNextCount(1).verifyComplete();
		this.recorder.clear();
		StepVerifier.create(session.get(Person.class, id))
			.assertNext((again) -> assertThat(again).isSameAs(first.get()))
			.verifyComplete();
		assertThat(this.recorder.statements()).isEmpty();
		StepVerifier.create(session.close()).verifyComplete();
	}

	@Test
	void getConvertsTheIdToTheIdPropertyType() {
		long id = insertPerson("ann", 30);
		StepVerifier.create(this.sessions.withSession((session) -> session.get(Person.class, (int) id)
			.zipWith(session.get(Person.class, String.valueOf(id)))))
			.assertNext((pair) -> assertThat(pair.getT1()).isSameAs(pair.getT2()))
			.verifyComplete();
	}

	@Test
	void getOfAMissingRowIsEmpty() {
		StepVerifier.create(this.sessions.withSession((session) -> session.get(Person.class, 42L))).verifyComplete();
	}

	@Test
	void getRunsTheStatementOfTheTemplatesSelectOneWithEachId() {
		long ann = insertPerson("ann", 30);
		long bob = insertPerson("bob", 40);
		StepVerifier.create(this.sessions.entityTemplate()
			.selectOne(Query.query(Criteria.where("id").is(ann)), Person.class)).expectNextCount(1).verifyComplete();
		String templateSql = this.recorder.statements().get(0);
		this.recorder.clear();
		StepVerifier.create(this.sessions.withSession((session) -> session.get(Person.class, ann)
			.zipWith(session.get(Person.class, bob))
			.zipWith(session.get(Note.class, 42L).hasElement())))
			.assertNext((found) -> {
				assertThat(found.getT1().getT1().getName()).isEqualTo("ann");
				assertThat(found.getT1().getT2().getName()).isEqualTo("bob");
				assertThat(found.getT2()).isFalse();
			})
			.verifyComplete();
		assertThat(this.recorder.statements()).filteredOn((sql) -> sql.toLowerCase(Locale.ROOT).contains("person"))
			.containsExactly(templateSql, templateSql);
		assertThat(this.recorder.statements()).filteredOn((sql) -> sql.toLowerCase(Locale.ROOT).contains("note")).hasSize(1);
	}

	@Test
	void addOfAnEntityWithNoValueButItsGeneratedIdInsertsARowOfDefaults() {
		// Spring Data renders INSERT INTO memo VALUES (DEFAULT), which H2 and MySQL refuse
		// for a table of several columns.
		Sql.execute(this.database.connectionFactory(), "DROP TABLE IF EXISTS memo",
				"CREATE TABLE memo (id " + this.database.identityColumn() + ", text VARCHAR(100), priority INT)");
		try {
			Memo memo = new Memo();
			StepVerifier.create(this.sessions.inTransaction((session) -> Mono.just(session.add(memo))))
				.expectNext(memo)
				.verifyComplete();
			assertThat(memo.getId()).isNotNull();
			assertThat(Sql.queryLong(this.database.connectionFactory(), "SELECT COUNT(*) FROM memo WHERE id = "
					+ memo.getId() + " AND text IS NULL AND priority IS NULL")).isOne();
		}
		finally {
			Sql.execute(this.database.connectionFactory(), "DROP TABLE memo");
		}
	}

	@Test
	void getReadsTheTableItsEntityNamesAtEachCall() {
		Sql.execute(this.database.connectionFactory(), "DROP TABLE IF EXISTS person_b",
				Person.ddl(this.database).replace("TABLE person ", "TABLE person_b "),
				"INSERT INTO person_b (name, age) VALUES ('bob', 40)");
		long ann = insertPerson("ann", 30);
		long bob = Sql.queryLong(this.database.connectionFactory(), "SELECT id FROM person_b WHERE name = 'bob'");
		try {
			TenantPerson.use("person");
			StepVerifier.create(this.sessions.withSession((session) -> session.get(TenantPerson.class, ann))
				.map(Person::getName)).expectNext("ann").verifyComplete();
			TenantPerson.use("person_b");
			StepVerifier.create(this.sessions.withSession((session) -> session.get(TenantPerson.class, bob))
				.map(Person::getName)).expectNext("bob").verifyComplete();
		}
		finally {
			TenantPerson.use("person");
			Sql.execute(this.database.connectionFactory(), "DROP TABLE person_b");
		}
	}

	@Test
	void getRefreshAndSelectRunTheTemplatesAfterConvertCallbacks() {
		long id = insertPerson("ann", 30);
		R2dbcEntityTemplate template = new R2dbcEntityTemplate(this.pool);
		template.setEntityCallbacks(ReactiveEntityCallbacks.create((AfterConvertCallback<Person>) (person, table) -> {
			person.setName(person.getName().toUpperCase(Locale.ROOT));
			return Mono.just(person);
		}));
		ReactiveSession session = ReactiveSessionFactory.builder(this.pool).key(Binds.DEFAULT_KEY).entityTemplate(template).build().openSession();
		StepVerifier.create(session.get(Person.class, id).map(Person::getName)).expectNext("ANN").verifyComplete();
		StepVerifier.create(session.get(Person.class, id).flatMap((held) -> {
			held.setName("changed");
			return session.refresh(held);
		}).map(Person::getName)).expectNext("ANN").verifyComplete();
		session.expunge(session.get(Person.class, id).block());
		StepVerifier.create(session.select(Person.class, Query.empty()).map(Person::getName))
			.expectNext("ANN")
			.verifyComplete();
		StepVerifier.create(session.close()).verifyComplete();
	}

	@Test
	void selectReturnsTheInstancesTheSessionHolds() {
		long id = insertPerson("ann", 30);
		Mono<Boolean> same = this.sessions.withSession((session) -> session.get(Person.class, id)
			.flatMap((held) -> {
				held.setAge(31);
				return session.select(Person.class, Query.empty()).single().map((selected) -> selected == held);
			}));
		StepVerifier.create(same).expectNext(true).verifyComplete();
	}

	@Test
	void containsAndExpunge() {
		long id = insertPerson("ann", 30);
		ReactiveSession session = this.sessions.openSession();
		Person ann = session.get(Person.class, id).block();
		Person added = session.add(new Person("bob", 40));
		assertThat(session.contains(ann)).isTrue();
		assertThat(session.contains(added)).isTrue();
		assertThat(session.contains(new Person("stranger", 1))).isFalse();
		session.expunge(ann);
		session.expunge(added);
		assertThat(session.contains(ann)).isFalse();
		assertThat(session.contains(added)).isFalse();
		StepVerifier.create(session.commit()).verifyComplete();
		assertThat(Sql.strings(this.database.connectionFactory(), "SELECT name FROM person")).containsExactly("ann");
	}

	@Test
	void refreshReloadsTheColumnsAndDropsUnflushedChanges() {
		long id = insertPerson("ann", 30);
		ReactiveSession session = this.sessions.openSession();
		Person ann = session.get(Person.class, id).block();
		StepVerifier.create(session.commit()).verifyComplete();
		ann.setAge(99);
		Sql.execute(this.database.connectionFactory(), "UPDATE person SET name = 'anna' WHERE id = " + id);
		StepVerifier.create(session.refresh(ann))
			.assertNext((refreshed) -> {
				assertThat(refreshed).isSameAs(ann);
				assertThat(refreshed.getName()).isEqualTo("anna");
				assertThat(refreshed.getAge()).isEqualTo(30);
			})
			.verifyComplete();
		StepVerifier.create(session.commit().then(session.close())).verifyComplete();
		assertThat(Sql.queryLong(this.database.connectionFactory(), "SELECT age FROM person")).isEqualTo(30);
	}

	@Test
	void dirtyCheckingUpdatesOnlyTheChangedColumn() {
		long id = insertPerson("ann", 30);
		Mono<Void> work = this.sessions.inTransaction((session) -> session.get(Person.class, id)
			.flatMap((ann) -> {
				this.recorder.clear();
				ann.setAge(31);
				return session.flush();
			}));
		StepVerifier.create(work).verifyComplete();
		List<String> updates = this.recorder.statements().stream().filter((sql) -> sql.startsWith("UPDATE")).toList();
		assertThat(updates).hasSize(1);
		assertThat(updates.get(0)).containsIgnoringCase("age").doesNotContainIgnoringCase("name");
		assertThat(Sql.queryLong(this.database.connectionFactory(), "SELECT age FROM person")).isEqualTo(31);
	}

	@Test
	void unchangedEntitiesAreNotUpdated() {
		long id = insertPerson("ann", 30);
		Mono<Void> work = this.sessions.inTransaction((session) -> session.get(Person.class, id).then(session.flush()));
		StepVerifier.create(work).verifyComplete();
		assertThat(this.recorder.statements()).noneMatch((sql) -> sql.startsWith("UPDATE"));
	}

	@Test
	void versionedEntityIsUpdatedWithOptimisticLocking() {
		ReactiveSession session = this.sessions.openSession();
		Note note = session.add(new Note("first"));
		StepVerifier.create(session.commit()).verifyComplete();
		assertThat(note.getVersion()).isNotNull();
		long version = note.getVersion();
		note.setText("second");
		StepVerifier.create(session.commit()).verifyComplete();
		assertThat(note.getVersion()).isEqualTo(version + 1);
		Sql.execute(this.database.connectionFactory(), "UPDATE note SET version = version + 10");
		note.setText("third");
		StepVerifier.create(session.commit()).expectError(OptimisticLockingFailureException.class).verify();
		assertThat(Sql.strings(this.database.connectionFactory(), "SELECT text FROM note")).containsExactly("second");
	}

	// expire-on-commit

	@Test
	void entitiesStayUsableAfterCommitByDefault() {
		long id = insertPerson("ann", 30);
		ReactiveSession session = this.sessions.openSession();
		Person ann = session.get(Person.class, id).block();
		StepVerifier.create(session.commit()).verifyComplete();
		this.recorder.clear();
		StepVerifier.create(session.get(Person.class, id)).expectNext(ann).verifyComplete();
		assertThat(this.recorder.statements()).isEmpty();
		assertThat(session.contains(ann)).isTrue();
	}

	@Test
	void expireOnCommitClearsTheIdentityMap() {
		ReactiveSessionFactory expiring = ReactiveSessionFactory.builder(this.pool).key(Binds.DEFAULT_KEY).expireOnCommit(true).build();
		long id = insertPerson("ann", 30);
		ReactiveSession session = expiring.openSession();
		Person ann = session.get(Person.class, id).block();
		StepVerifier.create(session.commit()).verifyComplete();
		assertThat(session.contains(ann)).isFalse();
		StepVerifier.create(session.get(Person.class, id))
			.assertNext((reloaded) -> assertThat(reloaded).isNotSameAs(ann))
			.verifyComplete();
		StepVerifier.create(session.close()).verifyComplete();
	}

	// Statements

	@Test
	void selectSelectOneCountUpdateAndDeleteWithQueries() {
		insertPerson("ann", 30);
		insertPerson("bob", 40);
		insertPerson("cid", 50);
		Query older = Query.query(Criteria.where("age").greaterThan(35));
		Mono<List<Object>> work = this.sessions.inTransaction((session) -> Flux.concat(
				session.select(Person.class, older).map(Person::getName).collectList(),
				session.selectOne(Person.class, Query.query(Criteria.where("name").is("ann"))).map(Person::getAge),
				session.count(Person.class, older),
				session.update(Person.class, older, Update.update("age", 60)),
				session.delete(Person.class, Query.query(Criteria.where("name").is("cid"))))
			.collectList());
		StepVerifier.create(work)
			.assertNext((results) -> assertThat(results).containsExactly(List.of("bob", "cid"), 30, 2L, 2L, 1L))
			.verifyComplete();
		assertThat(Sql.strings(this.database.connectionFactory(), "SELECT age FROM person ORDER BY name"))
			.containsExactly("30", "60");
	}

	@Test
	void selectAndCountWithoutCriteriaRunTheTemplatesStatements() {
		insertPerson("ann", 30);
		insertPerson("bob", 40);
		insertPerson("cid", 50);
		Query page = Query.empty().sort(Sort.by(Sort.Order.desc("name"))).limit(2).offset(1);
		R2dbcEntityTemplate spring = new R2dbcEntityTemplate(this.pool);
		StepVerifier.create(spring.select(page, Person.class).then(spring.select(Query.empty(), Person.class).then())
			.then(spring.count(page, Person.class))).expectNext(3L).verifyComplete();
		// A count's statement is recorded when the driver is done with it, after its row.
		await().until(() -> this.recorder.statements().size() == 3);
		List<String> springStatements = this.recorder.statements();
		this.recorder.clear();
		Mono<List<Object>> work = this.sessions.withSession((session) -> Flux.concat(
				session.select(Person.class, page).map(Person::getName).collectList(),
				session.select(Person.class, Query.empty()).map(Person::getName).collectList(),
				session.count(Person.class, page),
				session.select(Person.class, page).map(Person::getName).collectList(),
				session.count(Person.class, Query.empty()))
			.collectList());
		StepVerifier.create(work)
			.assertNext((results) -> assertThat(results).containsExactly(List.of("bob", "ann"),
					List.of("ann", "bob", "cid"), 3L, List.of("bob", "ann"), 3L))
			.verifyComplete();
		await().untilAsserted(() -> assertThat(this.recorder.statements())
			.filteredOn((sql) -> sql.toLowerCase(Locale.ROOT).contains("person"))
			.containsExactly(springStatements.get(0), springStatements.get(1), springStatements.get(2),
					springStatements.get(0), springStatements.get(2)));
		assertThat(this.sessions.selects().size()).as("statements kept: two SELECTs and a COUNT").isEqualTo(3);
	}

	@Test
	void selectAndCountWithoutCriteriaReadTheTableTheirEntityNamesAtEachCall() {
		Sql.execute(this.database.connectionFactory(), "DROP TABLE IF EXISTS person_b",
				Person.ddl(this.database).replace("TABLE person ", "TABLE person_b "),
				"INSERT INTO person_b (name, age) VALUES ('bob', 40)");
		insertPerson("ann", 30);
		insertPerson("cid", 50);
		try {
			TenantPerson.use("person");
			StepVerifier.create(this.sessions.withSession((session) -> session.count(TenantPerson.class, Query.empty())
				.zipWith(session.select(TenantPerson.class, Query.empty()).map(Person::getName).collectList())))
				.assertNext((found) -> {
					assertThat(found.getT1()).isEqualTo(2L);
					assertThat(found.getT2()).containsExactlyInAnyOrder("ann", "cid");
				})
				.verifyComplete();
			TenantPerson.use("person_b");
			StepVerifier.create(this.sessions.withSession((session) -> session.count(TenantPerson.class, Query.empty())
				.zipWith(session.select(TenantPerson.class, Query.empty()).map(Person::getName).collectList())))
				.assertNext((found) -> {
					assertThat(found.getT1()).isEqualTo(1L);
					assertThat(found.getT2()).containsExactly("bob");
				})
				.verifyComplete();
		}
		finally {
			TenantPerson.use("person");
			Sql.execute(this.database.connectionFactory(), "DROP TABLE person_b");
		}
	}

	@Test
	void pagesBeyondTheLimitOfKeptStatementsAreStillReadAndGetStillKeepsItsStatement() {
		long ann = insertPerson("ann", 30);
		insertPerson("bob", 40);
		Mono<Long> emptyPages = this.sessions.withSession((session) -> Flux.range(1000, SelectStatements.MAX_PAGES)
			.concatMap((offset) -> session.select(Person.class, Query.empty().sort(Sort.by("name")).limit(1).offset(offset)))
			.count());
		StepVerifier.create(emptyPages).expectNext(0L).verifyComplete();
		assertThat(this.sessions.selects().size()).isEqualTo(SelectStatements.MAX_PAGES);
		Mono<List<String>> firstPages = this.sessions.withSession((session) -> Flux.range(0, 3)
			.concatMap((offset) -> session.select(Person.class, Query.empty().sort(Sort.by("name")).limit(1).offset(offset)))
			.map(Person::getName)
			.collectList());
		StepVerifier.create(firstPages).assertNext((names) -> assertThat(names).containsExactly("ann", "bob"))
			.verifyComplete();
		assertThat(this.sessions.selects().size()).isEqualTo(SelectStatements.MAX_PAGES);
		StepVerifier.create(this.sessions.withSession((session) -> session.get(Person.class, ann).map(Person::getName)))
			.expectNext("ann")
			.verifyComplete();
		assertThat(this.sessions.selects().size()).isEqualTo(SelectStatements.MAX_PAGES + 1);
	}

	@Test
	void selectSortedByAnSqlExpressionRunsTheTemplatesSelectEachTime() {
		insertPerson("ann", 30);
		insertPerson("bobby", 40);
		insertPerson("cy", 50);
		Query byLength = Query.empty().sort(SqlSort.unsafe("LENGTH(name)"));
		StepVerifier.create(this.sessions.withSession((session) -> session.select(Person.class, byLength)
			.map(Person::getName)
			.collectList())).expectNext(List.of("cy", "ann", "bobby")).verifyComplete();
		assertThat(this.sessions.selects().size()).isZero();
	}

	@Test
	void sqlRunsOnTheSessionConnectionAfterAFlush() {
		Mono<Long> work = this.sessions.inTransaction((session) -> {
			session.add(new Person("ann", 30));
			return session.sql("SELECT COUNT(*) FROM person").map((row) -> row.get(0, Long.class)).one();
		});
		StepVerifier.create(work).expectNext(1L).verifyComplete();
	}

	@Test
	void sqlUpdatesAreRolledBackWithTheSession() {
		ReactiveSession session = this.sessions.openSession();
		Mono<Long> work = session.sql("INSERT INTO person (name, age) VALUES ('raw', 1)").fetch().rowsUpdated()
			.flatMap((rows) -> session.rollback().thenReturn(rows));
		StepVerifier.create(work).expectNext(1L).verifyComplete();
		assertThat(committedPeople()).isZero();
		assertThat(acquired()).isZero();
	}

	@Test
	void operationsRunInTheSessionTransaction() {
		Mono<Object> work = this.sessions.inTransaction((session) -> session.operations()
			.insert(new Person("via-operations", 1))
			.then(session.count(Person.class, Query.empty()))
			.flatMap((count) -> Mono.error(new IllegalStateException("count was " + count))));
		StepVerifier.create(work).expectErrorMessage("count was 1").verify();
		assertThat(committedPeople()).isZero();
		assertThat(acquired()).isZero();
	}

	@Test
	void statementsOfOneSessionInAZipCompleteCorrectly() {
		insertPerson("ann", 30);
		insertPerson("bob", 40);
		Mono<List<Long>> work = this.sessions.inTransaction((session) -> Flux
			.range(0, 20)
			.flatMap((i) -> (i % 2 == 0) ? session.count(Person.class, Query.empty())
					: session.select(Person.class, Query.empty()).count())
			.collectList());
		StepVerifier.create(work)
			.assertNext((counts) -> assertThat(counts).hasSize(20).containsOnly(2L))
			.verifyComplete();
		Mono<Long> zipped = this.sessions.withSession((session) -> Mono
			.zip(session.get(Person.class, 1L), session.count(Person.class, Query.empty()))
			.map((pair) -> pair.getT2()));
		StepVerifier.create(zipped).expectNext(2L).verifyComplete();
		assertThat(acquired()).isZero();
	}

	// Read-only

	@Test
	void sessionCalledFromInsideItsOwnStatementFailsInsteadOfHanging() {
		ReactiveSession session = this.sessions.openSession();
		Flux<Long> nested = session.sql("SELECT 1").flatMap((result) -> session.count(Person.class, Query.empty()));
		StepVerifier.create(nested)
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(IllegalStateException.class)
				.hasMessageStartingWith("Session 'sa_main' was called from inside one of its own statements"))
			.verify(Duration.ofSeconds(5));
		StepVerifier.create(session.count(Person.class, Query.empty())).expectNext(0L).verifyComplete();
		StepVerifier.create(session.close()).verifyComplete();
		assertThat(acquired()).isZero();
	}

	@Test
	void entityCallbackCallingTheSessionFailsInsteadOfHanging() {
		insertPerson("ann", 30);
		AtomicReference<ReactiveSession> current = new AtomicReference<>();
		R2dbcEntityTemplate template = new R2dbcEntityTemplate(this.pool);
		template.setEntityCallbacks(ReactiveEntityCallbacks.create((AfterConvertCallback<Person>) (person,
				table) -> current.get().count(Person.class, Query.empty()).thenReturn(person)));
		ReactiveSession session = ReactiveSessionFactory.builder(this.pool).key(Binds.DEFAULT_KEY).entityTemplate(template).build().openSession();
		current.set(session);
		StepVerifier.create(session.select(Person.class, Query.empty()))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(IllegalStateException.class)
				.hasMessageStartingWith("Session 'sa_main' was called from inside one of its own statements"))
			.verify(Duration.ofSeconds(5));
		StepVerifier.create(session.close()).verifyComplete();
		assertThat(acquired()).isZero();
	}

	@Test
	void transactionSynchronizationCallingTheSessionAtCommitFailsInsteadOfHanging() {
		ReactiveSession session = this.sessions.openSession();
		Mono<String> work = session.begin((inside) -> TransactionSynchronizationManager.forCurrentTransaction()
			.doOnNext((manager) -> manager.registerSynchronization(new TransactionSynchronization() {

				@Override
				public Mono<Void> beforeCommit(boolean readOnly) {
					return inside.count(Person.class, Query.empty()).then();
				}

			}))
			.thenReturn("work done"));
		StepVerifier.create(work)
			.expectErrorSatisfies((ex) -> assertThat(ex)
				.hasStackTraceContaining("Session 'sa_main' was called from inside one of its own statements"))
			.verify(Duration.ofSeconds(5));
		StepVerifier.create(session.close()).verifyComplete();
		assertThat(acquired()).isZero();
	}

	@Test
	void synchronizationRegisteredWhileTheCommitFlushesFailsInsteadOfHanging() {
		AtomicReference<ReactiveSession> current = new AtomicReference<>();
		R2dbcEntityTemplate template = new R2dbcEntityTemplate(this.pool);
		template.setEntityCallbacks(ReactiveEntityCallbacks.create((BeforeSaveCallback<Person>) (person, row,
				table) -> TransactionSynchronizationManager.forCurrentTransaction()
			.doOnNext((manager) -> manager.registerSynchronization(new TransactionSynchronization() {

				@Override
				public Mono<Void> beforeCommit(boolean readOnly) {
					return current.get().count(Person.class, Query.empty()).then();
				}

			}))
			.thenReturn(person)));
		ReactiveSession session = ReactiveSessionFactory.builder(this.pool).key(Binds.DEFAULT_KEY).entityTemplate(template).build().openSession();
		current.set(session);
		session.add(new Person("ann", 30));
		StepVerifier.create(session.commit())
			.expectErrorSatisfies((ex) -> assertThat(ex)
				.hasStackTraceContaining("Session 'sa_main' was called from inside one of its own statements"))
			.verify(Duration.ofSeconds(5));
		StepVerifier.create(session.close()).verifyComplete();
		assertThat(acquired()).isZero();
		assertThat(committedPeople()).isZero();
	}

	@Test
	void readOnlySessionRefusesToFlushWrites() {
		insertPerson("ann", 30);
		ReactiveSessionFactory readOnly = ReactiveSessionFactory.builder(this.pool).key("reports").readOnly(true).build();
		ReactiveSession session = readOnly.openSession();
		StepVerifier.create(session.count(Person.class, Query.empty())).expectNext(1L).verifyComplete();
		session.add(new Person("bob", 40));
		StepVerifier.create(session.flush())
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(ReadOnlySessionException.class)
				.hasMessageContaining("Bind 'reports' is read-only"))
			.verify();
		StepVerifier.create(session.update(Person.class, Query.empty(), Update.update("age", 1)))
			.expectError(ReadOnlySessionException.class)
			.verify();
		StepVerifier.create(session.close()).verifyComplete();
		assertThat(committedPeople()).isEqualTo(1);
	}

	@Test
	void readOnlySessionTransactionIsReadOnlyInTheDatabase() {
		ReactiveSessionFactory readOnly = ReactiveSessionFactory.builder(this.pool).key("reports").readOnly(true).build();
		Mono<Long> rawWrite = readOnly.withSession((session) -> session
			.sql("INSERT INTO person (name, age) VALUES ('sneaky', 1)")
			.fetch()
			.rowsUpdated()
			.flatMap((rows) -> session.commit().thenReturn(rows)));
		if (this.database.enforcesReadOnlyTransactions()) {
			StepVerifier.create(rawWrite).expectError().verify();
			assertThat(committedPeople()).isZero();
		}
		else {
			// H2 has no read-only transactions: only the session's own writes are refused.
			StepVerifier.create(rawWrite).expectNext(1L).verifyComplete();
			assertThat(committedPeople()).isOne();
		}
		assertThat(acquired()).isZero();
	}

	// Two binds

	@Test
	void twoBindsAreTwoDatabases() {
		try (TestDatabase other = createDatabase()) {
			Sql.execute(other.connectionFactory(), Person.ddl(other));
			ReactiveSessionFactory second = ReactiveSessionFactory.builder(other.connectionFactory()).key("sa_second")
				.build();
			StepVerifier.create(this.sessions.inTransaction((session) -> Mono.just(session.add(new Person("main", 1)))))
				.expectNextCount(1)
				.verifyComplete();
			StepVerifier.create(second.withSession((session) -> session.count(Person.class, Query.empty())))
				.expectNext(0L)
				.verifyComplete();
			assertThat(committedPeople()).isEqualTo(1);
			Sql.execute(other.connectionFactory(), "DROP TABLE person");
		}
	}

	// Spring transactions

	@Test
	void databaseClientInsideBeginRunsInTheSessionTransaction() {
		Mono<Object> work = this.sessions.inTransaction((session) -> {
			session.add(new Person("session", 1));
			return session.flush()
				.then(this.sessions.databaseClient().sql("INSERT INTO person (name, age) VALUES ('client', 2)").then())
				.then(Mono.error(new IllegalStateException("boom")));
		});
		StepVerifier.create(work).expectErrorMessage("boom").verify();
		assertThat(committedPeople()).isZero();
		assertThat(acquired()).isZero();
	}

	@Test
	void transactionalOperatorInsideBeginRunsOnTheSessionConnection() {
		TransactionalOperator operator = TransactionalOperator.create(this.sessions.transactionManager());
		String connectionId = this.database.connectionIdQuery();
		Mono<List<Object>> work = this.sessions.inTransaction((session) -> Flux
			.concat(session.sql(connectionId).map((row) -> row.get(0)).one(),
					operator.transactional(this.sessions.databaseClient().sql(connectionId).map((row) -> row.get(0)).one()))
			.collectList());
		StepVerifier.create(work)
			.assertNext((ids) -> assertThat(ids.get(1)).isEqualTo(ids.get(0)))
			.verifyComplete();
	}

	@Test
	void sessionStatementInsideAnotherSpringTransactionRunsInTheSessionTransaction() {
		TransactionalOperator operator = TransactionalOperator.create(this.sessions.transactionManager());
		String connectionId = this.database.connectionIdQuery();
		ReactiveSession session = readsInTransactions().openSession();
		// The session's transaction is open (autobegin) before the operator starts its own.
		Mono<List<Object>> ids = session.sql(connectionId)
			.map((row) -> row.get(0))
			.one()
			.flatMap((first) -> operator.transactional(session.sql("INSERT INTO person (name, age) VALUES ('inner', 1)")
				.then()
				.then(session.sql(connectionId).map((row) -> row.get(0)).one())
				.map((second) -> List.of(first, second))));
		StepVerifier.create(ids)
			.assertNext((both) -> assertThat(both.get(1)).isEqualTo(both.get(0)))
			.verifyComplete();
		StepVerifier.create(session.rollback().then(session.close())).verifyComplete();
		assertThat(committedPeople()).isZero();
		assertThat(acquired()).isZero();
	}

	@Test
	void sessionOpenedInsideASpringTransactionJoinsIt() {
		TransactionalOperator operator = TransactionalOperator.create(this.sessions.transactionManager());
		Mono<Object> work = operator.transactional(this.sessions.withSession((session) -> {
			session.add(new Person("joined", 1));
			return session.commit();
		}).then(Mono.error(new IllegalStateException("outer failed"))));
		StepVerifier.create(work).expectErrorMessage("outer failed").verify();
		assertThat(committedPeople()).isZero();
		assertThat(acquired()).isZero();
		StepVerifier.create(operator.transactional(this.sessions.withSession((session) -> {
			session.add(new Person("joined", 1));
			return session.commit();
		}))).verifyComplete();
		assertThat(committedPeople()).isEqualTo(1);
	}

	// Cancellation

	@Test
	void transfersCancelledAtRandomPointsNeverCommitHalfTheirWork() {
		// Each transfer has its own two accounts: no row lock waits (which H2 spends
		// blocking a Reactor thread), only cancellations.
		int transfers = 400;
		StringBuilder accounts = new StringBuilder("INSERT INTO account (id, balance) VALUES (1, 1000)");
		for (int id = 2; id <= 2 * transfers; id++) {
			accounts.append(", (").append(id).append(", 1000)");
		}
		Sql.execute(this.database.connectionFactory(), "DROP TABLE IF EXISTS account",
				"CREATE TABLE account (id BIGINT PRIMARY KEY, balance BIGINT NOT NULL)", accounts.toString());
		try {
			// Requests closed as the web filter closes them, aborted at random points
			// before, during or after their statements. A statement cut short while the
			// driver was still sending it once ran after the rollback, outside the
			// transaction: half a transfer stayed.
			for (int round = 0; round < 5; round++) {
				Flux.range(0, transfers)
					.flatMap((i) -> Mono.usingWhen(Mono.fromSupplier(this.sessions::openSession),
							(session) -> transfer(session, 2L * i + 1, 2L * i + 2), ReactiveSession::close,
							(session, error) -> session.close(), ReactiveSession::close)
						.timeout(Duration.ofMillis(1 + ThreadLocalRandom.current().nextInt(120)), Mono.empty())
						.onErrorComplete(), 25)
					.blockLast(Duration.ofSeconds(60));
				await().atMost(Duration.ofSeconds(10)).until(() -> acquired() == 0);
				assertThat(Sql.queryLong(this.database.connectionFactory(), "SELECT SUM(balance) FROM account"))
					.as("total after round %d", round)
					.isEqualTo(2000L * transfers);
			}
		}
		finally {
			Sql.execute(this.database.connectionFactory(), "DROP TABLE account");
		}
	}

	private Mono<Long> transfer(ReactiveSession session, long from, long to) {
		long amount = 1 + ThreadLocalRandom.current().nextInt(9);
		return session.begin((s) -> move(s, from, -amount)
			.then(Mono.delay(Duration.ofMillis(ThreadLocalRandom.current().nextInt(30))))
			.then(move(s, to, amount)));
	}

	private static Mono<Long> move(ReactiveSession session, long account, long delta) {
		return session.sql("UPDATE account SET balance = balance + :delta WHERE id = :id")
			.bind("delta", delta)
			.bind("id", account)
			.fetch()
			.rowsUpdated();
	}

	// Helpers

	private static Person withId(Person person, long id) {
		person.setId(id);
		return person;
	}

	private long insertPerson(String name, int age) {
		Sql.execute(this.database.connectionFactory(),
				"INSERT INTO person (name, age) VALUES ('" + name + "', " + age + ")");
		return Sql.queryLong(this.database.connectionFactory(), "SELECT id FROM person WHERE name = '" + name + "'");
	}

	private ReactiveSession sessionWithAFlushedInsert() {
		ReactiveSession session = this.sessions.openSession();
		session.add(new Person("ann", 30));
		StepVerifier.create(session.flush()).verifyComplete();
		return session;
	}

	/**
	 * Sessions whose reads open the transaction, as on MySQL and MariaDB by default.
	 */
	private ReactiveSessionFactory readsInTransactions() {
		return ReactiveSessionFactory.builder(this.pool).key(Binds.DEFAULT_KEY).autocommitReads(false).build();
	}

	private long committedPeople() {
		return Sql.count(this.database.connectionFactory(), "person");
	}

	private int acquired() {
		return this.pool.getMetrics().orElseThrow().acquiredSize();
	}

	private List<String> inserts() {
		List<String> inserts = new ArrayList<>();
		for (String sql : this.recorder.statements()) {
			if (sql.startsWith("INSERT")) {
				inserts.add(sql);
			}
		}
		return inserts;
	}

	/**
	 * A person in the table of the current tenant: a table name given as an expression,
	 * which Spring Data evaluates for every statement.
	 */
	/**
	 * An entity whose every column but the generated id may be NULL.
	 */
	@Table("memo")
	public static class Memo {

		@Id
		private @Nullable Long id;

		private @Nullable String text;

		private @Nullable Integer priority;

		public @Nullable Long getId() {
			return this.id;
		}

		public void setId(@Nullable Long id) {
			this.id = id;
		}

		public @Nullable String getText() {
			return this.text;
		}

		public void setText(@Nullable String text) {
			this.text = text;
		}

		public @Nullable Integer getPriority() {
			return this.priority;
		}

		public void setPriority(@Nullable Integer priority) {
			this.priority = priority;
		}

	}

	@Table("#{T(io.github.reactivesessions.session.SessionBehaviourSuite$TenantPerson).table()}")
	static class TenantPerson extends Person {

		private static volatile String table = "person";

		// Public, so that the expression finds it.
		public static String table() {
			return table;
		}

		static void use(String table) {
			TenantPerson.table = table;
		}

	}

	/**
	 * A person whose name getter fails once the name is {@link #UNREADABLE}: with property
	 * access, the session's dirty check reads the name through it.
	 */
	@Table("person")
	@AccessType(AccessType.Type.PROPERTY)
	static class UnreadablePerson extends Person {

		static final String UNREADABLE = "unreadable";

		@Override
		public String getName() {
			String name = super.getName();
			if (UNREADABLE.equals(name)) {
				throw new IllegalStateException("This person's name cannot be read");
			}
			return name;
		}

	}

}
