package io.github.reactivesessions.view;

import java.util.List;

import reactor.core.publisher.Mono;

/**
 * A {@link SaMixin} about one entity type, its model: aiohttp-sqlalchemy's {@code SAModelMixin} with
 * its {@code sa_model}. The table, the {@code @Id} property and the column mapping of the
 * model come from the Spring Data mapping of the session's bind.
 *
 * @param <T> the entity type
 * @since 0.1.0
 */
public interface SaModelMixin<T> extends SaMixin {

	/**
	 * Return the entity type the view serves.
	 * @return the model
	 */
	Class<T> model();

	/**
	 * Read the request body as one entity, then {@link #validate(Object) validate} it.
	 * @return the entity; a {@link ViewException} error (400) when the body is empty, is not
	 * JSON or does not map to the model, or (415) when its content type cannot be read
	 */
	default Mono<T> readItem() {
		return Bodies.one(this);
	}

	/**
	 * Read the request body as a JSON array of entities, then {@link #validate(Object)
	 * validate} each.
	 * @return the entities; a {@link ViewException} error as for {@link #readItem()}
	 */
	default Mono<List<T>> readItems() {
		return Bodies.list(this);
	}

	/**
	 * Check an entity read from the request body before it is written; does nothing by
	 * default. Throw {@link ViewException#badBody(String)} to answer a 400.
	 * @param item the entity read from the body
	 */
	default void validate(T item) {
	}

	/**
	 * Check an entity read from the request body before an add writes it as a new row. By
	 * default refuses a value for an {@code @Id} the database generates (an integer id), with
	 * a 400 naming it: inserted as given, it would make a later insert fail when the
	 * database's sequence reaches it, and a client sending one may expect an update.
	 * Override to accept client-chosen ids, such as natural integer keys.
	 * @param item the entity read from the body
	 */
	default void validateNew(T item) {
		Models.refuseClientId(Models.entity(this), item);
	}

}
