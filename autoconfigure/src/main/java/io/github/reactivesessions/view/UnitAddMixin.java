package io.github.reactivesessions.view;

import java.util.List;

import reactor.core.publisher.Mono;

/**
 * Adds one entity: aiohttp-sqlalchemy's {@code UnitAddMixin}.
 *
 * <p>The write is committed at once unless a transaction owner will commit it: inside a
 * {@code begin} block, or on a bind with {@code commit-on-success}, it is only flushed;
 * when the session already has a transaction open, that transaction is committed.
 *
 * @param <T> the entity type
 * @since 0.1.0
 */
public interface UnitAddMixin<T> extends SaModelMixin<T> {

	/**
	 * Add an entity to the session: aiohttp-sqlalchemy's {@code sa_add()}. No I/O: the insert waits
	 * for the flush. Override to add related entities or set defaults.
	 * @param item the entity
	 * @return the entity
	 */
	default T add(T item) {
		return session().add(item);
	}

	/**
	 * Read an entity from the request body, {@link #validateNew(Object) check it as new}, and
	 * write it: by default a body with a value for an {@code @Id} the database generates (an
	 * integer) is refused, since the database chooses it.
	 * @return the written entity, with its generated id; a {@link ViewException} error (400)
	 * for a bad body, a client-chosen id, or a value its column cannot hold, (409) for a
	 * duplicate key
	 */
	default Mono<T> addItem() {
		return readItem().doOnNext(this::validateNew).flatMap(this::addItem);
	}

	/**
	 * Write an entity through {@link #add(Object)}.
	 * @param item the entity, for example a controller's {@code @RequestBody}
	 * @return the written entity, with its generated id; a {@link ViewException} error (409)
	 * for a duplicate key
	 */
	default Mono<T> addItem(T item) {
		return Writes.write(this, model(), () -> List.of(Models.valuesOf(Models.entity(this), item)),
				() -> Mono.fromSupplier(() -> add(item)));
	}

}
