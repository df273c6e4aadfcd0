package io.github.reactivesessions.bind;


import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Lifecycle;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Statement;
import io.r2dbc.spi.ValidationDepth;
import io.r2dbc.spi.Wrapped;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.publisher.TestPublisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.withSettings;

/**
 * Tests for {@link MySqlPoolConnection}: when its release goes to the driver's
 * {@link Lifecycle#preRelease()}, without a database.
 */
class MySqlPoolConnectionTests {

	private Connection driver;

	private Lifecycle driverLifecycle;

	private final TestPublisher<Void> driverPreRelease = TestPublisher.create();

	@BeforeEach
	void stubDriver() {
		this.driver = mock(Connection.class, withSettings().extraInterfaces(Lifecycle.class));
		this.driverLifecycle = (Lifecycle) this.driver;
		given(this.driver.isAutoCommit()).willReturn(true);
		given(this.driverLifecycle.preRelease()).willReturn(this.driverPreRelease.mono());
		given(this.driverLifecycle.postAllocate()).willReturn(Mono.empty());
	}

	@Test
	void releaseOfAnIdleConnectionInAutocommitSkipsTheDriver() {
		release(new MySqlPoolConnection(this.driver));
		verify(this.driverLifecycle, never()).preRelease();
	}

	@Test
	void releaseOutsideAutocommitGoesToTheDriver() {
		given(this.driver.isAutoCommit()).willReturn(false);
		releaseThroughTheDriver(new MySqlPoolConnection(this.driver));
	}

	@Test
	void releaseAfterAnsweredRequestsSkipsTheDriver() {
		given(this.driver.beginTransaction()).willReturn(Mono.empty());
		given(this.driver.commitTransaction()).willReturn(Mono.empty());
		given(this.driver.validate(ValidationDepth.LOCAL)).willReturn(Mono.just(true));
		MySqlPoolConnection connection = new MySqlPoolConnection(this.driver);
		StepVerifier.create(Mono.from(connection.beginTransaction()).then(Mono.from(connection.commitTransaction())))
			.verifyComplete();
		// r2dbc-pool validates with Mono.from(), which cancels after the value.
		StepVerifier.create(Mono.from(connection.validate(ValidationDepth.LOCAL))).expectNext(true).verifyComplete();
		release(connection);
		verify(this.driverLifecycle, never()).preRelease();
	}

	@Test
	void releaseChainedToTheEndOfARequestSeesItAnswered() {
		given(this.driver.commitTransaction()).willReturn(Mono.empty());
		MySqlPoolConnection connection = new MySqlPoolConnection(this.driver);
		// Spring releases from the onComplete of its commit.
		StepVerifier.create(Mono.from(connection.commitTransaction()).then(Mono.from(connection.preRelease())))
			.verifyComplete();
		verify(this.driverLifecycle, never()).preRelease();
	}

	@Test
	void rollbackOutsideATransactionWithNothingInFlightSendsNothing() {
		StepVerifier.create(Mono.from(new MySqlPoolConnection(this.driver).rollbackTransaction())).verifyComplete();
		verify(this.driver, never()).rollbackTransaction();
	}

	@Test
	void rollbackInATransactionGoesToTheDriver() {
		given(this.driver.isAutoCommit()).willReturn(false);
		given(this.driver.rollbackTransaction()).willReturn(Mono.empty());
		StepVerifier.create(Mono.from(new MySqlPoolConnection(this.driver).rollbackTransaction())).verifyComplete();
		verify(this.driver).rollbackTransaction();
	}

	@Test
	void rollbackWhileABeginIsUnansweredGoesToTheDriver() {
		TestPublisher<Void> begin = TestPublisher.create();
		given(this.driver.beginTransaction()).willReturn(begin.mono());
		given(this.driver.rollbackTransaction()).willReturn(Mono.empty());
		MySqlPoolConnection connection = new MySqlPoolConnection(this.driver);
		Mono.from(connection.beginTransaction()).subscribe();
		StepVerifier.create(Mono.from(connection.rollbackTransaction())).verifyComplete();
		verify(this.driver).rollbackTransaction();
	}

	@Test
	void releaseWhileABeginIsUnansweredGoesToTheDriver() {
		TestPublisher<Void> begin = TestPublisher.create();
		given(this.driver.beginTransaction()).willReturn(begin.mono());
		MySqlPoolConnection connection = new MySqlPoolConnection(this.driver);
		Mono.from(connection.beginTransaction()).subscribe();
		begin.assertSubscribers(1);
		releaseThroughTheDriver(connection);
	}

	@Test
	void releaseAfterACancelledRequestGoesToTheDriverOnce() {
		TestPublisher<Void> begin = TestPublisher.create();
		given(this.driver.beginTransaction()).willReturn(begin.mono());
		MySqlPoolConnection connection = new MySqlPoolConnection(this.driver);
		Mono.from(connection.beginTransaction()).subscribe().dispose();
		begin.assertWasCancelled();
		releaseThroughTheDriver(connection);
		// The driver's release was answered after everything sent before it.
		release(connection);
		verify(this.driverLifecycle, times(1)).preRelease();
	}

	@Test
	void releaseWhileAStatementRunsGoesToTheDriver() {
		TestPublisher<Result> execution = TestPublisher.create();
		MySqlPoolConnection connection = new MySqlPoolConnection(statements(this.driver, execution.flux()));
		Flux.from(connection.createStatement("BEGIN").execute()).subscribe();
		releaseThroughTheDriver(connection);
	}

	@Test
	void releaseWhileAResultIsUnconsumedGoesToTheDriver() {
		Result result = result(Mono.just(0L));
		MySqlPoolConnection connection = new MySqlPoolConnection(statements(this.driver, Flux.just(result)));
		StepVerifier.create(connection.createStatement("BEGIN").execute()).expectNextCount(1).verifyComplete();
		releaseThroughTheDriver(connection);
	}

	@Test
	void releaseAfterResultsWereConsumedSkipsTheDriver() {
		Result updated = result(Mono.just(1L));
		Result failed = result(Mono.error(new IllegalStateException("duplicate key")));
		MySqlPoolConnection connection = new MySqlPoolConnection(statements(this.driver, Flux.just(updated, failed)));
		StepVerifier.create(Flux.from(connection.createStatement("INSERT").execute())
			.concatMap((each) -> Mono.from(each.getRowsUpdated()).onErrorReturn(-1L))).expectNext(1L, -1L).verifyComplete();
		release(connection);
		verify(this.driverLifecycle, never()).preRelease();
	}

	@Test
	void releaseAfterAResultWasAbandonedGoesToTheDriver() {
		Result rows = result(Mono.never());
		MySqlPoolConnection connection = new MySqlPoolConnection(statements(this.driver, Flux.just(rows)));
		Flux.from(connection.createStatement("SELECT").execute())
			.concatMap((each) -> each.getRowsUpdated())
			.subscribe()
			.dispose();
		releaseThroughTheDriver(connection);
	}

	@Test
	void driversLifecycleIsFoundBehindAWrapperThatHidesIt() {
		Connection echo = mock(Connection.class, withSettings().extraInterfaces(Wrapped.class));
		given(((Wrapped<?>) echo).unwrap()).willReturn(this.driver);
		given(echo.isAutoCommit()).willReturn(false);
		MySqlPoolConnection connection = new MySqlPoolConnection(echo);
		StepVerifier.create(connection.postAllocate()).verifyComplete();
		verify(this.driverLifecycle).postAllocate();
		releaseThroughTheDriver(connection);
		assertThat(connection.unwrap()).isSameAs(echo);
	}

	@Test
	void postAllocateGoesToTheDriver() {
		MySqlPoolConnection connection = new MySqlPoolConnection(this.driver);
		StepVerifier.create(connection.postAllocate()).verifyComplete();
		verify(this.driverLifecycle).postAllocate();
	}

	private void release(MySqlPoolConnection connection) {
		StepVerifier.create(connection.preRelease()).verifyComplete();
	}

	private void releaseThroughTheDriver(MySqlPoolConnection connection) {
		StepVerifier.create(connection.preRelease())
			.then(() -> this.driverPreRelease.assertSubscribers(1))
			.then(this.driverPreRelease::complete)
			.verifyComplete();
		verify(this.driverLifecycle).preRelease();
	}

	private static Connection statements(Connection driver, Flux<Result> execution) {
		Statement statement = mock(Statement.class);
		willExecute(statement, execution);
		given(driver.createStatement(anyString())).willReturn(statement);
		return driver;
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static void willExecute(Statement statement, Flux<Result> execution) {
		given(statement.execute()).willReturn((Flux) execution);
	}

	private static Result result(Mono<Long> rowsUpdated) {
		Result result = mock(Result.class);
		given(result.getRowsUpdated()).willReturn(rowsUpdated);
		return result;
	}

}
