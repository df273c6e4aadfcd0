package io.github.reactivesessions.benchmarks.field;

import io.github.reactivesessions.benchmarks.app.Item;
import io.github.reactivesessions.benchmarks.app.ItemPages;
import io.github.reactivesessions.session.ReactiveSession;
import io.github.reactivesessions.view.OffsetPage;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

/**
 * The routes on the starter, with the request's session that the session filter opens.
 * A read by id comes twice: as users write it, a plain {@code get} whose transaction (if
 * the bind opens one) the filter ends with the request, and inside {@code begin}, as the
 * benchmark's S2 does.
 */
@RestController
class SessionRoutes {

	@GetMapping("/session/items/{id}")
	Mono<Item> get(ReactiveSession session, @PathVariable long id) {
		return session.get(Item.class, id).switchIfEmpty(notFound());
	}

	@GetMapping("/session-begin/items/{id}")
	Mono<Item> getInBegin(ReactiveSession session, @PathVariable long id) {
		return session.begin((s) -> s.get(Item.class, id)).switchIfEmpty(notFound());
	}

	@PostMapping("/session/items")
	Mono<Item> add(ReactiveSession session, @RequestBody Item item) {
		session.add(item);
		return session.commit().thenReturn(item);
	}

	@GetMapping("/session/items")
	Mono<OffsetPage<Item>> page(ServerWebExchange exchange) {
		return new ItemPages(exchange).selectPage();
	}

	private static Mono<Item> notFound() {
		return Mono.error(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
	}

}
