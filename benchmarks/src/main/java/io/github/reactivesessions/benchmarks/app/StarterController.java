package io.github.reactivesessions.benchmarks.app;

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
 * The scenarios written with the starter: the request's {@link ReactiveSession}, opened
 * lazily by the session filter.
 */
@RestController
class StarterController {

	@GetMapping("/s1/ping")
	Mono<Pong> ping() {
		return Mono.just(Pong.OK);
	}

	@GetMapping("/s2/items/{id}")
	Mono<Item> get(ReactiveSession session, @PathVariable long id) {
		return session.begin((s) -> s.get(Item.class, id))
			.switchIfEmpty(Mono.error(() -> new ResponseStatusException(HttpStatus.NOT_FOUND)));
	}

	@PostMapping("/s3/items")
	Mono<Item> add(ReactiveSession session, @RequestBody Item item) {
		session.add(item);
		return session.commit().thenReturn(item);
	}

	@GetMapping("/s4/items")
	Mono<OffsetPage<Item>> page(ServerWebExchange exchange) {
		return new ItemPages(exchange).selectPage();
	}

}
