package io.github.reactivesessions.session;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.reactivesessions.bind.Binds;
import io.github.reactivesessions.testsupport.H2TestDatabase;
import io.github.reactivesessions.testsupport.Person;
import io.github.reactivesessions.testsupport.Sql;
import io.github.reactivesessions.testsupport.TestDatabase;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.data.relational.core.query.Query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a {@link SessionListener} is told, what a begin block records as an observation, and
 * how a session reports that it got no connection.
 */
class SessionListenerTests {

	private final TestDatabase database = new H2TestDatabase();

	private final List<String> events = new CopyOnWriteArrayList<>();

	private final List<Observation.Context> observations = new CopyOnWriteArrayList<>();

	private ConnectionPool pool;

	private ReactiveSessionFactory sessions;

	@BeforeEach
	void createPool() {
		Sql.execute(this.database.connectionFactory(), Person.ddl(this.database));
		this.pool = new ConnectionPool(ConnectionPoolConfiguration.builder(this.database.connectionFactory())
			.maxSize(1)
			.maxAcquireTime(Duration.ofMillis(300))
			.build());
		ObservationRegistry observationRegistry = ObservationRegistry.create();
		observationRegistry.observationConfig().observationHandler(new ObservationHandler<>() {

			@Override
			public void onStop(Observation.Context context) {
				SessionListenerTests.this.observations.add(context);
			}

			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

		});
		// Reads open the transaction, as on MySQL: the events of transactions are tested here.
		this.sessions = ReactiveSessionFactory.builder(this.pool).key(Binds.DEFAULT_KEY)
			.autocommitReads(false)
			.listener(new RecordingListener(this.events))
			.observationRegistry(observationRegistry)
			.build();
	}

	@AfterEach
	void disposePool() {
		this.pool.disposeLater().block();
		this.database.close();
	}

	@Test
	void beginThatCompletesIsOpenedAcquiredCommittedAndReleased() {
		StepVerifier.create(this.sessions.inTransaction((s) -> s.count(Person.class, Query.empty())))
			.expectNext(0L)
			.verifyComplete();
		assertThat(this.events).containsExactly("opened", "acquired", "committed", "released");
		assertThat(this.observations).singleElement().satisfies((context) -> {
			assertThat(context.getName()).isEqualTo("sa.session.begin");
			assertThat(context.getLowCardinalityKeyValue("sa.key").getValue()).isEqualTo("sa_main");
			assertThat(context.getLowCardinalityKeyValue("outcome").getValue()).isEqualTo("commit");
		});
	}

	@Test
	void beginThatFailsIsRolledBackWithCauseError() {
		StepVerifier.create(this.sessions.inTransaction((s) -> s.count(Person.class, Query.empty())
			.then(Mono.error(new IllegalStateException("boom"))))).verifyErrorMessage("boom");
		assertThat(this.events).containsExactly("opened", "acquired", "rolledBack:ERROR", "released");
		assertThat(this.observations).singleElement().satisfies((context) -> {
			assertThat(context.getLowCardinalityKeyValue("outcome").getValue()).isEqualTo("rollback");
			assertThat(context.getError()).hasMessage("boom");
		});
	}

	@Test
	void beginThatIsCancelledIsRolledBackWithCauseCancel() {
		StepVerifier.create(this.sessions.inTransaction((s) -> s.count(Person.class, Query.empty()).then(Mono.never())))
			.expectSubscription()
			.expectNoEvent(Duration.ofMillis(200))
			.thenCancel()
			.verify();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.events.contains("released"));
		assertThat(this.events).containsExactly("opened", "acquired", "rolledBack:CANCEL", "released");
		assertThat(this.observations).singleElement()
			.satisfies((context) -> assertThat(context.getLowCardinalityKeyValue("outcome").getValue()).isEqualTo("cancel"));
	}

	@Test
	void closeWithAnOpenTransactionRollsBackWithCauseClose() {
		ReactiveSession session = this.sessions.openSession();
		StepVerifier.create(session.count(Person.class, Query.empty()).then(session.close())).verifyComplete();
		assertThat(this.events).containsExactly("opened", "acquired", "rolledBack:CLOSE", "released");
	}

	@Test
	void explicitRollbackHasCauseExplicit() {
		ReactiveSession session = this.sessions.openSession();
		StepVerifier.create(session.count(Person.class, Query.empty()).then(session.rollback()).then(session.close()))
			.verifyComplete();
		assertThat(this.events).containsExactly("opened", "acquired", "rolledBack:EXPLICIT", "released");
	}

	@Test
	void readOutsideATransactionIsNoTransactionOfTheSession() {
		ReactiveSessionFactory sessions = ReactiveSessionFactory.builder(this.pool).key(Binds.DEFAULT_KEY)
			.autocommitReads(true)
			.listener(new RecordingListener(this.events))
			.build();
		ReactiveSession session = sessions.openSession();
		StepVerifier.create(session.count(Person.class, Query.empty()).then(session.close())).verifyComplete();
		assertThat(this.events).containsExactly("opened");
		assertThat(this.pool.getMetrics().orElseThrow().acquiredSize()).isZero();
	}

	@Test
	void sessionThatRunsNoStatementTakesNoConnection() {
		StepVerifier.create(this.sessions.withSession((s) -> Mono.just(1))).expectNext(1).verifyComplete();
		assertThat(this.events).containsExactly("opened");
		assertThat(this.observations).isEmpty();
	}

	@Test
	void exhaustedPoolIsReportedAsConnectionUnavailableNamingTheKey() {
		ReactiveSession holder = this.sessions.openSession();
		StepVerifier.create(holder.count(Person.class, Query.empty())).expectNext(0L).verifyComplete();
		StepVerifier.create(this.sessions.withSession((s) -> s.count(Person.class, Query.empty())))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(ConnectionUnavailableException.class)
				.hasMessageStartingWith("Session 'sa_main' got no connection: Connection acquisition timed out after 300ms")
				.extracting((e) -> ((ConnectionUnavailableException) e).getKey())
				.isEqualTo("sa_main"))
			.verify(Duration.ofSeconds(5));
		StepVerifier.create(holder.close()).verifyComplete();
		assertThat(this.pool.getMetrics().orElseThrow().acquiredSize()).isZero();
	}

	@Test
	void listenerThatThrowsDoesNotStopTheOthersNorBreakTheSession() {
		SessionListener throwing = new SessionListener() {

			@Override
			public void rolledBack(String key, RollbackCause cause) {
				throw new IllegalStateException("listener failed");
			}

		};
		ReactiveSessionFactory sessions = ReactiveSessionFactory.builder(this.pool).key(Binds.DEFAULT_KEY)
			.autocommitReads(false)
			.listener(throwing)
			.listener(new RecordingListener(this.events))
			.build();
		ReactiveSession session = sessions.openSession();
		StepVerifier.create(session.count(Person.class, Query.empty()).then(session.rollback())).verifyComplete();
		assertThat(this.events).containsExactly("opened", "acquired", "rolledBack:EXPLICIT", "released");
		assertThat(session.inTransaction()).isFalse();
		assertThat(this.pool.getMetrics().orElseThrow().acquiredSize()).isZero();
		StepVerifier.create(session.count(Person.class, Query.empty()).then(session.commit())).verifyComplete();
		StepVerifier.create(session.close()).verifyComplete();
	}

	private record RecordingListener(List<String> events) implements SessionListener {

		@Override
		public void sessionOpened(String key) {
			this.events.add("opened");
		}

		@Override
		public void connectionAcquired(String key) {
			this.events.add("acquired");
		}

		@Override
		public void committed(String key) {
			this.events.add("committed");
		}

		@Override
		public void rolledBack(String key, RollbackCause cause) {
			this.events.add("rolledBack:" + cause);
		}

		@Override
		public void connectionReleased(String key, long heldNanos) {
			assertThat(heldNanos).isPositive();
			this.events.add("released");
		}

	}

}
