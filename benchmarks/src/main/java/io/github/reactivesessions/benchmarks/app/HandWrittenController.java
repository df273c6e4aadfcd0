package io.github.reactivesessions.benchmarks.app;

import reactor.core.publisher.Mono;

import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.data.relational.core.query.Query;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

/**
 * The scenarios written by hand with Spring Boot's {@link R2dbcEntityTemplate} and
 * {@link TransactionalOperator}: what a user of the starter would otherwise write. Each
 * database route runs in one transaction on one connection, as the starter's do.
 */
@RestController
class HandWrittenController {

	private final R2dbcEntityTemplate template;

	private final TransactionalOperator transactions;

	HandWrittenController(R2dbcEntityTemplate template, TransactionalOperator transactions) {
		this.template = template;
		this.transactions = transactions;
	}

	@GetMapping("/s1/ping")
	Mono<Pong> ping() {
		return Mono.just(Pong.OK);
	}

	@GetMapping("/s2/items/{id}")
	Mono<Item> get(@PathVariable long id) {
		return this.template.selectOne(Query.query(Criteria.where("id").is(id)), Item.class)
			.as(this.transactions::transactional)
			.switchIfEmpty(Mono.error(() -> new ResponseStatusException(HttpStatus.NOT_FOUND)));
	}

	@PostMapping("/s3/items")
	Mono<Item> add(@RequestBody Item item) {
		return this.template.insert(item).as(this.transactions::transactional);
	}

	@GetMapping("/s4/items")
	Mono<Page<Item>> page(@RequestParam(name = "page_key", defaultValue = "1") int pageKey,
			ServerWebExchange exchange) {
		return this.template.select(Page.query(pageKey), Item.class)
			.collectList()
			.flatMap((items) -> this.template.count(Query.empty(), Item.class)
				.map((total) -> Page.of(items, pageKey, total, exchange.getRequest().getURI())))
			.as(this.transactions::transactional);
	}

}
