package io.github.reactivesessions.benchmarks.field;

import io.github.reactivesessions.benchmarks.app.Item;
import reactor.core.publisher.Flux;

import org.springframework.data.domain.Pageable;
import org.springframework.data.repository.reactive.ReactiveCrudRepository;

/**
 * The idiomatic Spring Data side: a repository, used without a transaction.
 */
interface ItemRepository extends ReactiveCrudRepository<Item, Long> {

	/**
	 * Return one page of items.
	 * @param pageable the page, with its order
	 * @return the items of the page
	 */
	Flux<Item> findAllBy(Pageable pageable);

}
