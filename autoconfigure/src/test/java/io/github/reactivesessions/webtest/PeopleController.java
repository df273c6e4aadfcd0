package io.github.reactivesessions.webtest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.reactivesessions.bind.Binds;
import io.github.reactivesessions.session.ReactiveSession;
import io.github.reactivesessions.testsupport.Person;
import io.github.reactivesessions.web.ReactiveSessions;
import io.github.reactivesessions.web.SessionKey;
import io.github.reactivesessions.web.UseSession;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.domain.Sort;
import org.springframework.data.relational.core.query.Query;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * Handlers using the filter's sessions, @UseSession and Spring transactions.
 */
@RestController
class PeopleController {

	private final Binds binds;

	private final PersonRepository repository;

	private final TransactionalService transactionalService;

	private final SecondService secondService;

	private final String connectionIdQuery;

	PeopleController(Binds binds, PersonRepository repository, TransactionalService transactionalService,
			SecondService secondService, @Value("${test.connection-id-query}") String connectionIdQuery) {
		this.binds = binds;
		this.repository = repository;
		this.transactionalService = transactionalService;
		this.secondService = secondService;
		this.connectionIdQuery = connectionIdQuery;
	}

	@GetMapping({ "/ping", "/scoped/ping" })
	Mono<String> ping() {
		return Mono.just("pong");
	}

	@GetMapping({ "/attributes", "/scoped/attributes", "/scoped/excluded/attributes" })
	List<String> attributes(ServerWebExchange exchange) {
		List<String> keys = new ArrayList<>();
		for (String key : this.binds.keys()) {
			if (exchange.getAttribute(key) instanceof ReactiveSession) {
				keys.add(key);
			}
		}
		return keys;
	}

	@GetMapping("/people/count")
	Mono<Long> count(ReactiveSession session) {
		return session.count(Person.class, Query.empty());
	}

	@GetMapping("/people/stream")
	Flux<Person> stream(ReactiveSession session) {
		return session.select(Person.class, Query.empty().sort(Sort.by("name"))).delayElements(Duration.ofMillis(20));
	}

	@PostMapping("/people/begin-slow")
	Mono<String> beginSlow(ReactiveSession session, @RequestParam String name) {
		return session.begin((s) -> {
			s.add(new Person(name, 1));
			return s.flush().then(Mono.delay(Duration.ofSeconds(30))).thenReturn("too late");
		});
	}

	@GetMapping("/second/missing")
	Mono<Long> secondWithoutUseSession(ServerWebExchange exchange) {
		return ReactiveSessions.get(exchange, "sa_second").count(Person.class, Query.empty());
	}

	// Asked for in the handler rather than as @SessionKey parameters, which fail the startup
	// for keys not open for the handler (ReactiveSessionsWebAutoConfigurationTests).
	@GetMapping("/scoped/excluded/paths-session")
	Mono<Long> excludedPathSession(ServerWebExchange exchange) {
		return ReactiveSessions.get(exchange, "sa_paths").count(Person.class, Query.empty());
	}

	@GetMapping("/unknown-key")
	Mono<Long> unknownKey(ServerWebExchange exchange) {
		return ReactiveSessions.get(exchange, "sa_nope").count(Person.class, Query.empty());
	}

	@UseSession("sa_second")
	@GetMapping("/second/count")
	Mono<Long> secondCount(@SessionKey("sa_second") ReactiveSession second, ServerWebExchange exchange) {
		return second.count(Person.class, Query.empty())
			.map((count) -> (ReactiveSessions.get(exchange, "sa_second") == second) ? count : -1);
	}

	@UseSession("sa_second")
	@GetMapping("/second/both")
	Mono<Map<String, Long>> both(ReactiveSession main, @SessionKey("sa_second") ReactiveSession second) {
		return Mono.zip(main.count(Person.class, Query.empty()), second.count(Person.class, Query.empty()))
			.map((counts) -> Map.of("sa_main", counts.getT1(), "sa_second", counts.getT2()));
	}

	@GetMapping("/second/via-service")
	Mono<Long> viaService() {
		return this.secondService.countSecond();
	}

	@PostMapping("/join/rollback")
	Mono<Void> joinRollback(ReactiveSession session) {
		return session.begin((s) -> {
			s.add(new Person("session-row", 1));
			return s.flush()
				.then(this.repository.save(new Person("repository-row", 2)))
				.then(Mono.error(new IllegalStateException("after both writes")));
		});
	}

	@GetMapping("/join/connection-ids")
	Mono<List<Object>> connectionIds(ReactiveSession session) {
		return session.begin((s) -> Flux
			.concat(s.sql(this.connectionIdQuery).map((row) -> row.get(0)).one(),
					this.transactionalService.connectionId())
			.map(String::valueOf)
			.cast(Object.class)
			.collectList());
	}

	@PostMapping("/join/inside-transactional")
	Mono<Void> insideTransactional(@RequestParam boolean fail) {
		return this.transactionalService.addWithSessionInside("inside-transactional", fail);
	}

}
