package io.github.reactivesessions.view;

import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.data.relational.core.query.Query;
import org.springframework.data.relational.core.query.Update;

/**
 * Updates the rows of a statement: aiohttp-sqlalchemy's {@code ListEditMixin}. Writes are committed as
 * {@link UnitAddMixin} describes.
 *
 * @param <T> the entity type
 * @since 0.1.0
 */
public interface ListEditMixin<T> extends SaModelMixin<T> {

	/**
	 * Return the query of the rows to update: aiohttp-sqlalchemy's {@code get_update_stmt()}. It has
	 * no default, unlike aiohttp-sqlalchemy's (every row): a view says which rows it edits, and
	 * returns {@code Query.empty()} to edit them all.
	 * @return the rows to update
	 */
	Query updateStatement();

	/**
	 * Apply an update to the rows of {@link #updateStatement()}. Entities the session holds
	 * are not changed.
	 * @param update the columns to set
	 * @return the number of rows updated
	 */
	default Mono<Long> editItems(Update update) {
		return Mono.defer(() -> {
			Query statement = updateStatement();
			return Writes.write(this, model(), () -> List.of(Models.valuesOf(update)),
					() -> session().update(model(), statement, update));
		});
	}

}
