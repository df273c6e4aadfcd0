package io.github.reactivesessions.faulttest;

import java.time.Duration;

import io.github.reactivesessions.bind.Binds;
import io.github.reactivesessions.session.ReactiveSession;
import io.github.reactivesessions.web.SessionKey;
import io.github.reactivesessions.web.UseSession;
import io.r2dbc.spi.ValidationDepth;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.r2dbc.connection.ConnectionFactoryUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Transactional handlers of the fault suites. A transfer debits one account, waits,
 * credits the other and logs itself, so that a half-finished one would break the
 * invariant the suites check (each balance equals its start plus its logged transfers).
 */
@RestController
class AccountsController {

	private final ConnectionKiller killer;

	private final String connectionIdQuery;

	private final Binds binds;

	AccountsController(ConnectionKiller killer, @Value("${test.connection-id-query}") String connectionIdQuery,
			Binds binds) {
		this.killer = killer;
		this.connectionIdQuery = connectionIdQuery;
		this.binds = binds;
	}

	@PostMapping("/transfer")
	Mono<String> transfer(ReactiveSession session, @RequestParam long from, @RequestParam long to,
			@RequestParam long amount, @RequestParam(defaultValue = "0") long delayMs) {
		return transferOn(session, from, to, amount, delayMs);
	}

	/**
	 * A transfer on a bind whose connections go through a proxy that can cut one while its
	 * commit is on the way (see {@link CommitCuttingProxy}).
	 */
	@UseSession("sa_proxied")
	@PostMapping("/proxied/transfer")
	Mono<String> proxiedTransfer(@SessionKey("sa_proxied") ReactiveSession session, @RequestParam long from,
			@RequestParam long to, @RequestParam long amount) {
		return transferOn(session, from, to, amount, 0);
	}

	private static Mono<String> transferOn(ReactiveSession session, long from, long to, long amount, long delayMs) {
		// Rows are locked in id order, so that concurrent transfers never deadlock.
		long first = Math.min(from, to);
		long second = Math.max(from, to);
		return session.begin((s) -> move(s, first, (first == from) ? -amount : amount)
			.then(Mono.delay(Duration.ofMillis(delayMs)))
			.then(move(s, second, (second == from) ? -amount : amount))
			.then(s.sql("INSERT INTO transfer (from_id, to_id, amount) VALUES (:from, :to, :amount)")
				.bind("from", from)
				.bind("to", to)
				.bind("amount", amount)
				.fetch()
				.rowsUpdated())
			.thenReturn("moved"));
	}

	@PostMapping("/fail-midway")
	Mono<String> failMidway(ReactiveSession session, @RequestParam long from, @RequestParam long amount) {
		return session.begin((s) -> move(s, from, -amount)
			.then(Mono.error(new IllegalStateException("failed after the debit"))));
	}

	/**
	 * Debits an account, has the connection killed and waits until the driver has seen it
	 * close, then commits: nothing of the transaction can have been committed.
	 */
	@PostMapping("/commit-killed")
	Mono<String> commitOnAKilledConnection(ReactiveSession session, @RequestParam long from, @RequestParam long amount) {
		return session.begin((s) -> move(s, from, -amount)
			.then(s.sql(this.connectionIdQuery).map((row) -> row.get(0)).one())
			.flatMap(this.killer::kill)
			.then(closedAsTheDriverKnows(s.key()))
			.thenReturn("committed on a killed connection"));
	}

	/**
	 * Completes once the driver knows the transaction's connection is closed (a local
	 * validation, no round trip), polling for at most five seconds.
	 */
	private Mono<Void> closedAsTheDriverKnows(String key) {
		return ConnectionFactoryUtils.getConnection(this.binds.connectionFactory(key))
			.flatMap((connection) -> Mono.from(connection.validate(ValidationDepth.LOCAL))
				.filter((open) -> !open)
				.repeatWhenEmpty(100, (attempts) -> attempts.delayElements(Duration.ofMillis(50))))
			.then();
	}

	/**
	 * Commits a debit, then has the connection it ran on killed: the response is the
	 * commit's, whatever happens to the connection afterwards.
	 */
	@PostMapping("/commit-then-kill")
	Mono<String> commitThenKill(ReactiveSession session, @RequestParam long from, @RequestParam long amount) {
		return session.begin((s) -> move(s, from, -amount)
			.then(s.sql(this.connectionIdQuery).map((row) -> row.get(0)).one()))
			.flatMap((connectionId) -> this.killer.kill(connectionId))
			.thenReturn("committed, then killed");
	}

	@UseSession("sa_small")
	@GetMapping("/small/hold")
	Mono<String> hold(@SessionKey("sa_small") ReactiveSession session, @RequestParam long ms) {
		return session.begin((s) -> s.sql("SELECT 1").map((row) -> row.get(0)).one()
			.then(Mono.delay(Duration.ofMillis(ms)))
			.thenReturn("held"));
	}

	@UseSession("sa_down")
	@GetMapping("/down/ping")
	Mono<Object> downPing(@SessionKey("sa_down") ReactiveSession session) {
		return session.sql("SELECT 1").map((row) -> row.get(0)).one();
	}

	@UseSession("sa_denied")
	@GetMapping("/denied/ping")
	Mono<Object> deniedPing(@SessionKey("sa_denied") ReactiveSession session) {
		return session.sql("SELECT 1").map((row) -> row.get(0)).one();
	}

	@UseSession("sa_dropped")
	@GetMapping("/dropped/ping")
	Mono<Object> droppedPing(@SessionKey("sa_dropped") ReactiveSession session) {
		return session.sql("SELECT 1").map((row) -> row.get(0)).one();
	}

	@RequestMapping("/main/ping")
	Mono<String> mainPing(ReactiveSession session) {
		return session.sql("SELECT 1").map((row) -> row.get(0)).one().thenReturn("pong");
	}

	private static Mono<Long> move(ReactiveSession session, long account, long delta) {
		return session.sql("UPDATE account SET balance = balance + :delta WHERE id = :id")
			.bind("delta", delta)
			.bind("id", account)
			.fetch()
			.rowsUpdated();
	}

}
