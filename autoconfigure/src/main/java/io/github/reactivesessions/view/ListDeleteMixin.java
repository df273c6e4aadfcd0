package io.github.reactivesessions.view;

import reactor.core.publisher.Mono;

import org.springframework.data.relational.core.query.Query;

/**
 * Deletes the rows of a statement: aiohttp-sqlalchemy's {@code ListDeleteMixin}. Writes are committed
 * as {@link UnitAddMixin} describes.
 *
 * @param <T> the entity type
 * @since 0.1.0
 */
public interface ListDeleteMixin<T> extends SaModelMixin<T> {

	/**
	 * Return the query of the rows to delete: aiohttp-sqlalchemy's {@code get_delete_stmt()}. It has
	 * no default, unlike aiohttp-sqlalchemy's (every row): a view says which rows it deletes, and
	 * returns {@code Query.empty()} to delete them all.
	 * @return the rows to delete
	 */
	Query deleteStatement();

	/**
	 * Delete the rows of {@link #deleteStatement()}. Entities the session holds are not
	 * changed.
	 * @return the number of rows deleted
	 */
	default Mono<Long> deleteItems() {
		return Mono.defer(() -> {
			Query statement = deleteStatement();
			return Writes.write(this, model(), () -> session().delete(model(), statement));
		});
	}

}
