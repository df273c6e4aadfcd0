package io.github.reactivesessions.view;

import java.util.List;

import reactor.core.publisher.Mono;

/**
 * Adds several entities in one transaction: aiohttp-sqlalchemy's {@code ListAddMixin}. Writes are
 * committed as {@link UnitAddMixin} describes.
 *
 * @param <T> the entity type
 * @since 0.1.0
 */
public interface ListAddMixin<T> extends SaModelMixin<T> {

	/**
	 * Add entities to the session: aiohttp-sqlalchemy's {@code sa_add_all()}. No I/O: the inserts wait
	 * for the flush.
	 * @param items the entities
	 */
	default void addAll(List<T> items) {
		session().addAll(items);
	}

	/**
	 * Read a JSON array of entities from the request body and write them all, or none.
	 * @return the written entities, with their generated ids; a {@link ViewException} error
	 * (400) for a bad body, (409) for a duplicate key
	 */
	default Mono<List<T>> addItems() {
		return readItems().doOnNext((items) -> items.forEach(this::validateNew)).flatMap(this::addItems);
	}

	/**
	 * Write entities through {@link #addAll(List)}, all or none.
	 * @param items the entities
	 * @return the written entities, with their generated ids; a {@link ViewException} error
	 * (409) for a duplicate key
	 */
	default Mono<List<T>> addItems(List<T> items) {
		return Writes.write(this, model(),
				() -> items.stream().map((item) -> Models.valuesOf(Models.entity(this), item)).toList(),
				() -> Mono.fromSupplier(() -> {
			addAll(items);
			return items;
		}));
	}

}
