package io.github.reactivesessions.benchmarks.app;

import io.github.reactivesessions.session.ReactiveSession;
import reactor.core.publisher.Mono;

import org.springframework.data.relational.core.query.Query;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

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
	Mono<Page<Item>> page(ReactiveSession session, @RequestParam(name = "page_key", defaultValue = "1") int pageKey) {
		return pageOfItems(session, pageKey);
	}

	/**
	 * S4 on the starter side, through the session API. Switch point: when
	 * {@code io.github.reactivesessions.view.OffsetPaginationMixin} is available, answer
	 * {@code /s4/items} with the mixin instead (same query: 20 items in id order, and the
	 * total), and delete this method.
	 */
	private Mono<Page<Item>> pageOfItems(ReactiveSession session, int pageKey) {
		return session.select(Item.class, Page.query(pageKey))
			.collectList()
			.flatMap((items) -> session.count(Item.class, Query.empty())
				.map((total) -> Page.of(items, pageKey, total, "/s4/items")));
	}

}
