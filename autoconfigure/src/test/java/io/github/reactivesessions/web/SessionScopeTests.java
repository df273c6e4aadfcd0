package io.github.reactivesessions.web;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.github.reactivesessions.bind.Bind;
import io.github.reactivesessions.bind.Binds;
import io.github.reactivesessions.session.ReactiveSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link SessionScope}: the sessions of a request are all closed with it, including
 * one that code still running on another thread asks for while the request ends (a handler
 * whose client reset the connection as its database call returned).
 */
class SessionScopeTests {

	private final Bind main = Bind.of("r2dbc:h2:mem:///" + UUID.randomUUID()).key("sa_main").build();

	private final Bind second = Bind.of("r2dbc:h2:mem:///" + UUID.randomUUID()).key("sa_second").middleware(false).build();

	private final Binds binds = new Binds(List.of(this.main, this.second));

	@AfterEach
	void closeBinds() {
		this.main.close();
		this.second.close();
	}

	@Test
	void sessionAskedForOnceTheRequestHasEndedIsRefusedInsteadOfOpenedUnclosed() {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/notes"));
		SessionScope scope = SessionScope.forRequest(this.binds, exchange, List.of(this.main));
		scope.allow(Set.of("sa_second"));
		StepVerifier.create(scope.close()).verifyComplete();
		assertThatExceptionOfType(SessionNotFoundException.class).isThrownBy(() -> scope.get("sa_second"))
			.withMessage("The session of bind 'sa_second' cannot be opened: the request or @UseSession call it would "
					+ "belong to has ended (a client that went away, or a publisher subscribed after its end)")
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(SessionNotFoundException.Reason.SCOPE_ENDED));
		assertThat((Object) exchange.getAttribute("sa_second")).isNull();
	}

	@Test
	void sessionOpenedBeforeTheEndIsClosedWithTheRequest() {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/notes"));
		SessionScope scope = SessionScope.forRequest(this.binds, exchange, List.of(this.main));
		scope.allow(Set.of("sa_second"));
		ReactiveSession second = scope.get("sa_second");
		ReactiveSession main = scope.get("sa_main");
		StepVerifier.create(scope.close()).verifyComplete();
		assertThat(second.toString()).endsWith(", closed]");
		assertThat(main.toString()).endsWith(", closed]");
		StepVerifier.create(second.sql("SELECT 1").fetch().one())
			.expectErrorMessage("Session 'sa_second' is closed: open a new session (the request or block it "
					+ "belonged to has ended)")
			.verify();
	}

	@Test
	void callScopeRefusesSessionsOnceClosed() {
		SessionScope scope = SessionScope.forCall(this.binds, Set.of("sa_second"));
		StepVerifier.create(scope.close()).verifyComplete();
		assertThatExceptionOfType(SessionNotFoundException.class).isThrownBy(() -> scope.get("sa_second"))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(SessionNotFoundException.Reason.SCOPE_ENDED));
	}

}
