package io.github.reactivesessions.benchmarks.field;

import io.github.reactivesessions.benchmarks.app.Item;
import io.github.reactivesessions.benchmarks.app.Page;
import reactor.core.publisher.Mono;

import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

/**
 * The routes as a Spring Data user writes them: the repository's methods without a
 * transaction, so that each statement takes a connection of its own and commits on its
 * own. A page and its count are two statements, one after the other.
 */
@RestController
class RepositoryRoutes {

	private final ItemRepository items;

	RepositoryRoutes(ItemRepository items) {
		this.items = items;
	}

	@GetMapping("/repository/items/{id}")
	Mono<Item> get(@PathVariable long id) {
		return this.items.findById(id)
			.switchIfEmpty(Mono.error(() -> new ResponseStatusException(HttpStatus.NOT_FOUND)));
	}

	@PostMapping("/repository/items")
	Mono<Item> add(@RequestBody Item item) {
		return this.items.save(item);
	}

	@GetMapping("/repository/items")
	Mono<Page<Item>> page(@RequestParam(name = "page_key", defaultValue = "1") int pageKey,
			ServerWebExchange exchange) {
		return this.items.findAllBy(PageRequest.of(pageKey - 1, Page.SIZE, Sort.by("id")))
			.collectList()
			.flatMap((page) -> this.items.count()
				.map((total) -> Page.of(page, pageKey, total, exchange.getRequest().getURI())));
	}

}
