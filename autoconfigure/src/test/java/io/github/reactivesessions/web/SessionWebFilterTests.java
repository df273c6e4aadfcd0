package io.github.reactivesessions.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.github.reactivesessions.bind.Bind;
import io.github.reactivesessions.bind.Binds;
import io.github.reactivesessions.session.ConnectionUnavailableException;
import io.github.reactivesessions.session.ReactiveSession;
import io.github.reactivesessions.session.TransactionRetriesExhaustedException;
import io.github.reactivesessions.session.TransactionRetry;
import io.r2dbc.spi.R2dbcRollbackException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.dao.CannotAcquireLockException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.WebFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SessionWebFilter}, on its own: which binds a request gets, that its
 * sessions end with it however it ends, and which failures it answers.
 */
class SessionWebFilterTests {

	private final Bind main = Bind.of(h2()).key("sa_main").build();

	private final Bind reports = Bind.of(h2())
		.key("sa_reports")
		.paths(List.of("/reports/**"))
		.excludePaths(List.of("/reports/public/**"))
		.build();

	private final Bind second = Bind.of(h2()).key("sa_second").middleware(false).build();

	private final SessionWebFilter filter = new SessionWebFilter(new Binds(List.of(this.main, this.reports, this.second)),
			SessionWebFilter.DEFAULT_ORDER, ServerCodecConfigurer.create(), Duration.ofSeconds(7));

	private final List<ReactiveSession> seen = new ArrayList<>();

	@AfterEach
	void closeBinds() {
		this.main.close();
		this.reports.close();
		this.second.close();
	}

	@Test
	void requestGetsTheSessionsOfTheBindsWhosePathsMatchIt() {
		assertThat(keysSeenBy("/reports/daily")).containsExactlyInAnyOrder("sa_main", "sa_reports");
		assertThat(keysSeenBy("/reports/public/daily")).containsExactly("sa_main");
		assertThat(keysSeenBy("/orders")).containsExactly("sa_main");
	}

	@Test
	void sessionsAreClosedWhenTheChainCompletes() {
		MockServerWebExchange exchange = exchange("/orders");
		StepVerifier.create(this.filter.filter(exchange, recording())).verifyComplete();
		assertThat(this.seen).singleElement().satisfies(SessionWebFilterTests::assertClosed);
	}

	@Test
	void sessionsAreClosedAndTheErrorPassesOnWhenTheChainFails() {
		MockServerWebExchange exchange = exchange("/orders");
		WebFilterChain failing = (current) -> recording().filter(current)
			.then(Mono.error(new IllegalStateException("boom")));
		StepVerifier.create(this.filter.filter(exchange, failing)).expectErrorMessage("boom").verify();
		assertThat(this.seen).singleElement().satisfies(SessionWebFilterTests::assertClosed);
	}

	@Test
	void sessionsAreClosedWhenTheRequestIsCancelled() {
		MockServerWebExchange exchange = exchange("/orders");
		WebFilterChain never = (current) -> recording().filter(current).then(Mono.never());
		StepVerifier.create(this.filter.filter(exchange, never))
			.expectSubscription()
			.then(() -> assertThat(this.seen).singleElement().satisfies((session) -> assertThat(session.toString())
				.doesNotEndWith(", closed]")))
			.thenCancel()
			.verify();
		assertThat(this.seen).singleElement().satisfies(SessionWebFilterTests::assertClosed);
	}

	@Test
	void connectionThatCouldNotBeHadIsA503ProblemNamingTheBind() {
		MockServerWebExchange exchange = exchange("/orders");
		WebFilterChain unavailable = (current) -> Mono.error(new ConnectionUnavailableException("sa_main",
				"Session 'sa_main' got no connection", new IllegalStateException("pool exhausted")));
		StepVerifier.create(this.filter.filter(exchange, unavailable)).verifyComplete();
		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(exchange.getResponse().getHeaders().getFirst("Retry-After")).isEqualTo("7");
		assertThat(exchange.getResponse().getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		StepVerifier.create(exchange.getResponse().getBodyAsString())
			.assertNext((body) -> assertThat(body).contains("\"bind\":\"sa_main\"")
				.contains("Session 'sa_main' got no connection")
				.doesNotContain("pool exhausted"))
			.verifyComplete();
	}

	@Test
	void transactionTheDatabaseRolledBackInAConflictIsA503WithRetryAfter() {
		MockServerWebExchange exchange = exchange("/orders");
		WebFilterChain deadlocked = (current) -> Mono.error(new CannotAcquireLockException("UPDATE",
				new R2dbcRollbackException("deadlock detected", "40P01")));
		StepVerifier.create(this.filter.filter(exchange, deadlocked)).verifyComplete();
		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(exchange.getResponse().getHeaders().getFirst("Retry-After")).isEqualTo("7");
		StepVerifier.create(exchange.getResponse().getBodyAsString())
			.assertNext((body) -> assertThat(body).contains("A conflict with other transactions (deadlock) ended the "
					+ "transaction, which was rolled back; nothing of it was committed"))
			.verifyComplete();
	}

	@Test
	void retryingBlockThatGaveUpIsA503NamingTheBindAndTheAttempts() {
		MockServerWebExchange exchange = exchange("/orders");
		WebFilterChain exhausted = (current) -> Mono.error(new TransactionRetriesExhaustedException("sa_main", "gave up",
				List.of(TransactionRetry.Cause.DEADLOCK, TransactionRetry.Cause.SERIALIZATION_FAILURE),
				new R2dbcRollbackException("could not serialize", "40001")));
		StepVerifier.create(this.filter.filter(exchange, exhausted)).verifyComplete();
		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(exchange.getResponse().getHeaders().getFirst("Retry-After")).isEqualTo("7");
		StepVerifier.create(exchange.getResponse().getBodyAsString())
			.assertNext((body) -> assertThat(body).contains("\"bind\":\"sa_main\"")
				.contains("Session 'sa_main' gave up its transaction after 2 attempts")
				.contains("(the last: serialization-failure)"))
			.verifyComplete();
	}

	@Test
	void failureThatIsNotTheDatabasesIsLeftToWebFlux() {
		MockServerWebExchange exchange = exchange("/orders");
		WebFilterChain failing = (current) -> Mono.error(new IllegalArgumentException("a bug"));
		StepVerifier.create(this.filter.filter(exchange, failing)).expectErrorMessage("a bug").verify();
		assertThat(exchange.getResponse().getStatusCode()).isNull();
	}

	private List<String> keysSeenBy(String path) {
		MockServerWebExchange exchange = exchange(path);
		List<String> keys = new ArrayList<>();
		WebFilterChain chain = (current) -> Mono.fromRunnable(() -> {
			for (String key : List.of("sa_main", "sa_reports", "sa_second")) {
				if (current.getAttribute(key) != null) {
					keys.add(key);
				}
			}
		});
		StepVerifier.create(this.filter.filter(exchange, chain)).verifyComplete();
		return keys;
	}

	/**
	 * A chain that opens the request's default session and records it.
	 */
	private WebFilterChain recording() {
		return (current) -> Mono.fromRunnable(() -> this.seen.add(ReactiveSessions.get(current)));
	}

	private static void assertClosed(ReactiveSession session) {
		assertThat(session.toString()).endsWith(", closed]");
	}

	private static MockServerWebExchange exchange(String path) {
		return MockServerWebExchange.from(MockServerHttpRequest.get(path));
	}

	private static String h2() {
		return "r2dbc:h2:mem:///" + UUID.randomUUID();
	}

}
