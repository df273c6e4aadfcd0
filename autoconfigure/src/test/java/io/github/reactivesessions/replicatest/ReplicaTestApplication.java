package io.github.reactivesessions.replicatest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.reactivesessions.session.BeginOptions;
import io.github.reactivesessions.session.ReactiveSession;
import io.github.reactivesessions.web.ReactiveSessions;
import io.github.reactivesessions.web.ReadsOn;
import io.github.reactivesessions.web.Role;
import io.github.reactivesessions.web.SessionHandlerFilters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import reactor.core.publisher.Mono;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.data.domain.Sort;
import org.springframework.data.relational.core.query.Query;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * An application whose default bind has a read replica, with handlers that say what they
 * read and where.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(ReplicaTestApplication.ItemsController.class)
public class ReplicaTestApplication {

	@Bean
	MeterRegistry meterRegistry() {
		return new SimpleMeterRegistry();
	}

	// A functional route told to read on the primary.
	@Bean
	RouterFunction<ServerResponse> primaryRoute() {
		return RouterFunctions.route()
			.GET("/fn/items", (request) -> labels(ReactiveSessions.get(request))
				.flatMap((body) -> ServerResponse.ok().bodyValue(body)))
			.filter(SessionHandlerFilters.readsOn(Role.PRIMARY))
			.build();
	}

	/**
	 * The labels the session reads, and the replica it read them on ("primary" for none).
	 */
	static Mono<Map<String, Object>> labels(ReactiveSession session) {
		return session.select(Item.class, Query.empty().sort(Sort.by("label")))
			.map(Item::getLabel)
			.collectList()
			.map((labels) -> answer(labels, session));
	}

	static Map<String, Object> answer(List<String> labels, ReactiveSession session) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("labels", labels);
		body.put("on", (session.replica() != null) ? session.replica() : "primary");
		return body;
	}

	@RestController
	static class ItemsController {

		@GetMapping("/items")
		Mono<Map<String, Object>> get(ReactiveSession session) {
			return labels(session);
		}

		@PostMapping("/items/read")
		Mono<Map<String, Object>> post(ReactiveSession session) {
			return labels(session);
		}

		@PostMapping("/items")
		@ResponseStatus(HttpStatus.CREATED)
		Mono<Long> add(ReactiveSession session, @RequestParam String label) {
			Item item = session.add(new Item(label));
			return session.commit().then(Mono.fromSupplier(item::getId));
		}

		// Committed by commit-on-success, after the handler.
		@PostMapping("/items/uncommitted")
		@ResponseStatus(HttpStatus.CREATED)
		Mono<Void> addUncommitted(ReactiveSession session, @RequestParam String label) {
			session.add(new Item(label));
			return Mono.empty();
		}

		// A GET that writes: the write moves the session to the primary.
		@GetMapping("/items/add")
		Mono<Map<String, Object>> addOnGet(ReactiveSession session, @RequestParam String label) {
			return session.count(Item.class, Query.empty())
				.then(Mono.fromSupplier(() -> session.add(new Item(label))))
				.then(session.flush())
				.then(labels(session))
				.flatMap((body) -> session.commit().thenReturn(body));
		}

		// A write inside a read-only begin block of a GET: the block runs on the replica.
		@GetMapping("/items/begin-write")
		Mono<Long> beginWrite(ReactiveSession session, @RequestParam String label) {
			return session.begin(BeginOptions.defaults().readOnly(), (tx) -> {
				Item item = tx.add(new Item(label));
				return tx.flush().then(Mono.fromSupplier(item::getId));
			});
		}

		// A read-only begin block of a GET runs on the replica.
		@GetMapping("/items/begin-read")
		Mono<Map<String, Object>> beginRead(ReactiveSession session) {
			return session.begin(BeginOptions.defaults().readOnly(), ReplicaTestApplication::labels);
		}

		// A begin block without read-only runs on the primary, in a GET as in a POST.
		@RequestMapping(path = "/items/begin", method = { RequestMethod.GET, RequestMethod.POST })
		Mono<Long> beginOnPost(ReactiveSession session, @RequestParam String label) {
			return session.begin((tx) -> {
				Item item = tx.add(new Item(label));
				return tx.flush().then(Mono.fromSupplier(item::getId));
			});
		}

		@ReadsOn(Role.PRIMARY)
		@GetMapping("/items/primary")
		Mono<Map<String, Object>> primary(ReactiveSession session) {
			return labels(session);
		}

		@ReadsOn(Role.REPLICA)
		@PostMapping("/items/search")
		Mono<Map<String, Object>> search(ReactiveSession session) {
			return labels(session);
		}

		// Reads on the replica, then moves to the primary for a second read.
		@GetMapping("/items/use-primary")
		Mono<Map<String, Object>> usePrimary(ReactiveSession session) {
			return labels(session).flatMap((first) -> labels(session.usePrimary())
				.map((second) -> Map.of("first", first, "second", second)));
		}

		// Whether the session's transaction is read-only, by the database's own word.
		@GetMapping("/items/read-only")
		Mono<String> readOnly(ReactiveSession session, @RequestParam String query) {
			return session.count(Item.class, Query.empty())
				.then(session.sql(query).map((row) -> String.valueOf(row.get(0))).one());
		}

	}

}
