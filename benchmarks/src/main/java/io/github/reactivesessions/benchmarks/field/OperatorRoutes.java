package io.github.reactivesessions.benchmarks.field;

import io.github.reactivesessions.benchmarks.app.Item;
import io.github.reactivesessions.benchmarks.app.Page;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Qualifier;
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
 * The routes written with Spring's template, each in one transaction of a
 * {@link TransactionalOperator}: the benchmark's hand-written application, on the template
 * and operator that Spring Boot makes without the starter.
 */
@RestController
class OperatorRoutes {

	private final R2dbcEntityTemplate template;

	private final TransactionalOperator transactions;

	OperatorRoutes(@Qualifier(FieldApplication.TEMPLATE) R2dbcEntityTemplate template,
			@Qualifier(FieldApplication.OPERATOR) TransactionalOperator transactions) {
		this.template = template;
		this.transactions = transactions;
	}

	@GetMapping("/operator/items/{id}")
	Mono<Item> get(@PathVariable long id) {
		return this.template.selectOne(Query.query(Criteria.where("id").is(id)), Item.class)
			.as(this.transactions::transactional)
			.switchIfEmpty(Mono.error(() -> new ResponseStatusException(HttpStatus.NOT_FOUND)));
	}

	@PostMapping("/operator/items")
	Mono<Item> add(@RequestBody Item item) {
		return this.template.insert(item).as(this.transactions::transactional);
	}

	@GetMapping("/operator/items")
	Mono<Page<Item>> page(@RequestParam(name = "page_key", defaultValue = "1") int pageKey,
			ServerWebExchange exchange) {
		return this.template.select(Page.query(pageKey), Item.class)
			.collectList()
			.flatMap((items) -> this.template.count(Query.empty(), Item.class)
				.map((total) -> Page.of(items, pageKey, total, exchange.getRequest().getURI())))
			.as(this.transactions::transactional);
	}

}
