package io.github.reactivesessions.session;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import io.github.reactivesessions.bind.Binds;
import io.github.reactivesessions.testsupport.H2TestDatabase;
import io.github.reactivesessions.testsupport.Person;
import io.github.reactivesessions.testsupport.Sql;
import io.github.reactivesessions.testsupport.TestDatabase;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.proxy.ProxyConnectionFactory;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Statement;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import org.springframework.data.relational.core.query.Query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Cancellation at the points where a session's connection is in flight: while it is being
 * taken from the pool, while a commit flushes, while a statement is being sent. Each test
 * cancels there and expects the connection back in the pool, nothing committed, and the
 * session in a state it can go on from.
 */
class SessionCancellationTests {

	private static final Duration SENDING_TIME = Duration.ofMillis(300);

	private final TestDatabase database = new H2TestDatabase();

	private ConnectionPool pool;

	private ReactiveSessionFactory sessions;

	@BeforeEach
	void createPool() {
		Sql.execute(this.database.connectionFactory(), Person.ddl(this.database));
		// Inserts take a few milliseconds each, so that a flush of many rows can be
		// cancelled half-way.
		ConnectionFactory slowInserts = ProxyConnectionFactory.builder(this.database.connectionFactory())
			.onBeforeQuery((info) -> {
				if (info.getQueries().get(0).getQuery().startsWith("INSERT")) {
					sleep(Duration.ofMillis(2));
				}
			})
			.build();
		this.pool = new ConnectionPool(ConnectionPoolConfiguration.builder(slowInserts)
			.initialSize(0)
			.maxSize(1)
			.maxAcquireTime(Duration.ofSeconds(5))
			.build());
		this.sessions = ReactiveSessionFactory.builder(this.pool).key(Binds.DEFAULT_KEY).build();
	}

	@AfterEach
	void disposePool() {
		this.pool.disposeLater().block();
		this.database.close();
	}

	@Test
	void cancelWhileWaitingForThePoolReturnsTheConnectionItGetsLater() {
		HeldConnection held = holdThePoolsOnlyConnection();
		ReactiveSession waiter = this.sessions.openSession();
		Disposable waiting = waiter.count(Person.class, Query.empty()).subscribe();
		await().atMost(Duration.ofSeconds(5)).until(() -> pending() == 1);
		waiting.dispose();
		held.release();
		StepVerifier.create(waiter.close()).expectComplete().verify(Duration.ofSeconds(5));
		StepVerifier.create(held.session().close()).expectComplete().verify(Duration.ofSeconds(5));
		await().atMost(Duration.ofSeconds(5)).until(() -> acquired() == 0);
	}

	@Test
	void cancelDuringTheFlushOfACommitRollsBackAtClose() {
		ReactiveSession session = sessionWithACommitCancelledHalfWay();
		StepVerifier.create(session.close()).expectComplete().verify(Duration.ofSeconds(10));
		await().atMost(Duration.ofSeconds(5)).until(() -> acquired() == 0);
		assertThat(Sql.count(this.database.connectionFactory(), "person")).isZero();
	}

	@Test
	void commitRetriedAfterACancelledCommitWritesNothing() {
		// What commit().timeout(...).retry() does: the first commit stops half-way through
		// its flush, and the changes it had not written must not be lost silently.
		ReactiveSession session = sessionWithACommitCancelledHalfWay();
		StepVerifier.create(session.commit())
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("a previous flush failed or was cancelled"))
			.verify(Duration.ofSeconds(10));
		StepVerifier.create(session.close()).expectComplete().verify(Duration.ofSeconds(10));
		assertThat(Sql.count(this.database.connectionFactory(), "person")).isZero();
		assertThat(acquired()).isZero();
	}

	@Test
	void beginCancelledWhileWaitingForThePoolLeavesTheSessionWithoutATransaction() {
		HeldConnection held = holdThePoolsOnlyConnection();
		ReactiveSession session = this.sessions.openSession();
		Disposable begin = session.begin((s) -> s.count(Person.class, Query.empty())).subscribe();
		await().atMost(Duration.ofSeconds(5)).until(() -> pending() == 1);
		begin.dispose();
		held.release();
		// The connection the cancelled begin got later is rolled back and returned without
		// waiting for the session to be closed, and the session can begin again.
		await().atMost(Duration.ofSeconds(5)).until(() -> !session.inTransaction() && acquired() == 0);
		StepVerifier.create(session.begin((s) -> s.count(Person.class, Query.empty()))).expectNext(0L)
			.verifyComplete();
		StepVerifier.create(session.close()).verifyComplete();
		StepVerifier.create(held.session().close()).verifyComplete();
	}

	@Test
	void sameBeginSubscribedAgainAfterACancelledSubscriptionCommits() {
		HeldConnection held = holdThePoolsOnlyConnection();
		ReactiveSession session = this.sessions.openSession();
		Mono<Long> block = session.begin((s) -> s.count(Person.class, Query.empty()));
		Disposable first = block.subscribe();
		await().atMost(Duration.ofSeconds(5)).until(() -> pending() == 1);
		first.dispose();
		held.release();
		await().atMost(Duration.ofSeconds(5)).until(() -> !session.inTransaction() && acquired() == 0);
		// A retry subscribes to the same Mono: the first subscription's cancel is not its own.
		StepVerifier.create(block).expectNext(0L).verifyComplete();
		StepVerifier.create(session.close()).verifyComplete();
		StepVerifier.create(held.session().close()).verifyComplete();
	}

	@Test
	void sameBeginCancelledWhileWaitingAfterASuccessfulSubscriptionLeavesNoTransaction() {
		ReactiveSession session = this.sessions.openSession();
		Mono<Long> block = session.begin((s) -> s.count(Person.class, Query.empty()));
		StepVerifier.create(block).expectNext(0L).verifyComplete();
		HeldConnection held = holdThePoolsOnlyConnection();
		Disposable second = block.subscribe();
		await().atMost(Duration.ofSeconds(5)).until(() -> pending() == 1);
		second.dispose();
		held.release();
		await().atMost(Duration.ofSeconds(5)).until(() -> !session.inTransaction() && acquired() == 0);
		StepVerifier.create(session.close()).verifyComplete();
		StepVerifier.create(held.session().close()).verifyComplete();
	}

	@Test
	void cancelledStatementRunsToItsEndBeforeTheRollbackReachesTheConnection() {
		Sql.execute(this.database.connectionFactory(), "INSERT INTO person (name, age) VALUES ('ann', 30)");
		ConnectionPool latePool = new ConnectionPool(ConnectionPoolConfiguration
			.builder(lateUpdates(this.database.connectionFactory()))
			.maxSize(1)
			.build());
		try {
			ReactiveSession session = ReactiveSessionFactory.builder(latePool).key(Binds.DEFAULT_KEY).build().openSession();
			StepVerifier.create(session.count(Person.class, Query.empty())).expectNext(1L).verifyComplete();
			// A request that times out while its UPDATE is being sent, then is closed by the
			// web filter: the rollback must wait for the UPDATE, or the UPDATE would run
			// after it, outside the transaction, and stay.
			Disposable update = session.sql("UPDATE person SET age = 99").fetch().rowsUpdated().subscribe();
			sleep(SENDING_TIME.dividedBy(4));
			update.dispose();
			StepVerifier.create(session.close()).expectComplete().verify(Duration.ofSeconds(5));
			sleep(SENDING_TIME);
			assertThat(Sql.queryLong(this.database.connectionFactory(), "SELECT age FROM person")).isEqualTo(30);
			assertThat(latePool.getMetrics().orElseThrow().acquiredSize()).isZero();
		}
		finally {
			latePool.disposeLater().block();
		}
	}

	@Test
	void closeEndsAStreamedSelectWhoseSubscriberStoppedAskingAndReleasesTheConnection() {
		// What a web server can leave behind when a client resets as the first row of a
		// streamed body goes out: a subscriber that asked for one row and will never ask for
		// more, nor cancel. The request's end closes the session all the same.
		insertPeople(100);
		ReactiveSession session = this.sessions.openSession();
		AbandonedSubscriber abandoned = new AbandonedSubscriber();
		session.select(Person.class, Query.empty()).subscribe(abandoned);
		await().atMost(Duration.ofSeconds(5)).until(() -> abandoned.rows == 1);
		StepVerifier.create(session.close()).expectComplete().verify(Duration.ofSeconds(5));
		await().atMost(Duration.ofSeconds(5)).until(() -> acquired() == 0);
		assertThat(abandoned.rows).isOne();
		assertThat(abandoned.error).isInstanceOf(IllegalStateException.class)
			.hasMessageStartingWith("Session 'sa_main' is closed");
		assertThat(session.inTransaction()).isFalse();
	}

	@Test
	void closeEndsOperationsWaitingBehindAnAbandonedOneWithTheSameError() {
		insertPeople(100);
		ReactiveSession session = this.sessions.openSession();
		AbandonedSubscriber abandoned = new AbandonedSubscriber();
		session.select(Person.class, Query.empty()).subscribe(abandoned);
		await().atMost(Duration.ofSeconds(5)).until(() -> abandoned.rows == 1);
		AbandonedSubscriber waiting = new AbandonedSubscriber();
		session.select(Person.class, Query.empty()).subscribe(waiting);
		StepVerifier.create(session.close()).expectComplete().verify(Duration.ofSeconds(5));
		await().atMost(Duration.ofSeconds(5)).until(() -> acquired() == 0);
		assertThat(waiting.rows).isZero();
		assertThat(waiting.error).hasMessageStartingWith("Session 'sa_main' is closed");
		StepVerifier.create(session.count(Person.class, Query.empty()))
			.expectErrorMessage("Session 'sa_main' is closed: open a new session (the request or block it belonged "
					+ "to has ended)")
			.verify(Duration.ofSeconds(5));
	}

	private void insertPeople(int count) {
		StringBuilder insert = new StringBuilder("INSERT INTO person (name, age) VALUES ");
		for (int i = 0; i < count; i++) {
			insert.append((i > 0) ? ", " : "").append("('p").append(i).append("', ").append(i).append(')');
		}
		Sql.execute(this.database.connectionFactory(), insert.toString());
	}

	/**
	 * Asks for one row and then neither asks for more nor cancels.
	 */
	private static final class AbandonedSubscriber extends BaseSubscriber<Person> {

		private volatile int rows;

		private volatile @Nullable Throwable error;

		@Override
		protected void hookOnSubscribe(Subscription subscription) {
			subscription.request(1);
		}

		@Override
		protected void hookOnNext(Person person) {
			this.rows++;
		}

		@Override
		protected void hookOnError(Throwable throwable) {
			this.error = throwable;
		}

	}

	/**
	 * A session in a transaction whose commit of 500 added rows was cancelled while its
	 * flush was writing them.
	 */
	private ReactiveSession sessionWithACommitCancelledHalfWay() {
		ReactiveSession session = this.sessions.openSession();
		StepVerifier.create(session.count(Person.class, Query.empty())).expectNext(0L).verifyComplete();
		for (int i = 0; i < 500; i++) {
			session.add(new Person("p" + i, i));
		}
		// H2 runs statements on the subscribing thread: flush on another one, so that the
		// cancel lands while the inserts are running.
		Disposable commit = session.commit().subscribeOn(Schedulers.boundedElastic()).subscribe();
		await().pollDelay(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1)).until(() -> !commit.isDisposed());
		commit.dispose();
		return session;
	}

	/**
	 * Take the pool's only connection in a begin block that waits until released.
	 */
	private HeldConnection holdThePoolsOnlyConnection() {
		Sinks.Empty<Void> release = Sinks.empty();
		ReactiveSession session = this.sessions.openSession();
		Disposable block = session.begin((s) -> s.count(Person.class, Query.empty()).then(release.asMono()))
			.subscribe();
		await().atMost(Duration.ofSeconds(5)).until(() -> acquired() == 1);
		return new HeldConnection(session, release, block);
	}

	private record HeldConnection(ReactiveSession session, Sinks.Empty<Void> releaseSignal, Disposable block) {

		void release() {
			this.releaseSignal.tryEmitEmpty();
			await().atMost(Duration.ofSeconds(5)).until(this.block::isDisposed);
		}

	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private int acquired() {
		return this.pool.getMetrics().orElseThrow().acquiredSize();
	}

	private int pending() {
		return this.pool.getMetrics().orElseThrow().pendingAcquireSize();
	}

	/**
	 * A connection factory whose UPDATE statements reach the database some time after they
	 * are executed, even when cancelled meanwhile: what r2dbc-postgresql does with a
	 * statement cancelled while it is being sent.
	 */
	private static ConnectionFactory lateUpdates(ConnectionFactory target) {
		return new ConnectionFactory() {

			@Override
			public Publisher<? extends Connection> create() {
				return Mono.from(target.create()).map((connection) -> proxy(Connection.class, connection,
						(method, args) -> lateIfUpdate(method.invoke(connection, args), method, args)));
			}

			@Override
			public ConnectionFactoryMetadata getMetadata() {
				return target.getMetadata();
			}

		};
	}

	private static @Nullable Object lateIfUpdate(@Nullable Object result, Method method, @Nullable Object[] args) {
		if (!method.getName().equals("createStatement") || !((String) args[0]).startsWith("UPDATE")) {
			return result;
		}
		Statement statement = (Statement) result;
		return proxy(Statement.class, statement, (statementMethod, statementArgs) -> {
			if (!statementMethod.getName().equals("execute")) {
				return statementMethod.invoke(statement, statementArgs);
			}
			return Flux.defer(() -> {
				CompletableFuture<List<Result>> sent = Mono.delay(SENDING_TIME)
					.thenMany(Flux.<Result>from(statement.execute()))
					.collectList()
					.toFuture();
				// Cancelling the subscriber leaves the statement on its way.
				return Mono.fromFuture(sent, true).flatMapIterable(Function.identity());
			});
		});
	}

	private static <T> T proxy(Class<T> type, T target, Invocation invocation) {
		return type.cast(Proxy.newProxyInstance(SessionCancellationTests.class.getClassLoader(),
				new Class<?>[] { type }, (proxy, method, args) -> {
					try {
						return invocation.invoke(method, args);
					}
					catch (InvocationTargetException ex) {
						throw ex.getTargetException();
					}
				}));
	}

	@FunctionalInterface
	private interface Invocation {

		@Nullable Object invoke(Method method, @Nullable Object[] args) throws Exception;

	}

}
