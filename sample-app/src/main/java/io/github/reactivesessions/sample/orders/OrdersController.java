package io.github.reactivesessions.sample.orders;

import java.util.List;

import io.github.reactivesessions.session.ReactiveSession;
import io.github.reactivesessions.web.SessionKey;
import reactor.core.publisher.Mono;

import org.springframework.data.domain.Sort;
import org.springframework.data.relational.core.query.Query;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Handlers of the {@code sa_orders} bind, which has {@code commit-on-success: true}: they
 * never commit; the filter commits when the response status is below 400 and rolls back
 * otherwise.
 */
@RestController
@RequestMapping("/orders")
class OrdersController {

	@PostMapping
	Mono<ResponseEntity<PurchaseOrder>> add(@SessionKey("sa_orders") ReactiveSession session, @RequestParam String item,
			@RequestParam int quantity) {
		PurchaseOrder order = session.add(new PurchaseOrder(item, quantity));
		// Flushed (so the generated id is known) but not committed: a refused order is
		// rolled back by the filter because the response is a 4xx.
		return session.flush().thenReturn((quantity > 0) ? ResponseEntity.status(HttpStatus.CREATED).body(order)
				: ResponseEntity.badRequest().body(order));
	}

	@GetMapping
	Mono<List<PurchaseOrder>> list(@SessionKey("sa_orders") ReactiveSession session) {
		return session.select(PurchaseOrder.class, Query.empty().sort(Sort.by("id"))).collectList();
	}

}
