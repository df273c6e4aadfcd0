package io.github.reactivesessions.view;

import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.data.relational.core.query.Query;
import org.springframework.data.relational.core.query.Update;

/**
 * Updates the row of the request's primary key: aiohttp-sqlalchemy's {@code UnitEditMixin}.
 *
 * <p>An edit that matches no row is a 404; one that matches several (an overridden
 * {@link #updateStatement()} that lost its primary key restriction) fails and is not
 * committed. Writes are committed as {@link UnitAddMixin} describes.
 *
 * @param <T> the entity type
 * @since 0.1.0
 */
public interface UnitEditMixin<T> extends PrimaryKeyMixin<T> {

	/**
	 * Return the query of the rows to update: aiohttp-sqlalchemy's {@code get_update_stmt()}.
	 * Override to restrict it further, keeping {@link #pkCriteria()}.
	 * @return the row of the primary key
	 */
	default Query updateStatement() {
		return Query.query(pkCriteria());
	}

	/**
	 * Return the columns an edit sets from an entity read from the body: every column but
	 * the {@code @Id}, the {@code @Version}, read-only, insert-only and embedded ones.
	 * Override to leave columns out.
	 * @param item the entity read from the body
	 * @return the update
	 */
	default Update updateValues(T item) {
		return Models.updateOf(Models.entity(this), item);
	}

	/**
	 * Replace the row of the primary key with the entity in the request body (a PUT); the
	 * body's id, if any, is ignored.
	 * @return the row as updated; a {@link ViewException} error (400) for a bad primary key
	 * or body, (404) when there is no such row
	 */
	default Mono<T> editItem() {
		return Mono.defer(() -> {
			pk();
			return readItem();
		}).flatMap(this::editItem);
	}

	/**
	 * Replace the row of the primary key with the given entity's columns.
	 * @param item the entity, for example a controller's {@code @RequestBody}
	 * @return the row as updated; a {@link ViewException} error as for {@link #editItem()}
	 */
	default Mono<T> editItem(T item) {
		return Mono.defer(() -> editItem(updateValues(item)));
	}

	/**
	 * Apply an update to the row of the primary key, for partial edits such as a PATCH.
	 * @param update the columns to set
	 * @return the row as updated; a {@link ViewException} error as for {@link #editItem()}
	 */
	default Mono<T> editItem(Update update) {
		return Mono.defer(() -> {
			// Built before the write, so that a malformed primary key costs no connection
			Query statement = updateStatement();
			Query reload = Query.query(pkCriteria());
			return Writes.write(this, model(), () -> List.of(Models.valuesOf(update)),
					() -> session().update(model(), statement, update)
				.flatMap((rows) -> Units.requireOne(this, "update", rows))
				// Read past the identity map, which may hold the row as it was before the update
				.then(Mono.defer(() -> session().operations().selectOne(reload, model()))));
		});
	}

}
