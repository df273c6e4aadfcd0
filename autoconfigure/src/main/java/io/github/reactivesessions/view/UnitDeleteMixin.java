package io.github.reactivesessions.view;

import reactor.core.publisher.Mono;

import org.springframework.data.relational.core.query.Query;

/**
 * Deletes the row of the request's primary key: aiohttp-sqlalchemy's {@code UnitDeleteMixin}.
 *
 * <p>A delete that matches no row is a 404; one that matches several (an overridden
 * {@link #deleteStatement()} that lost its primary key restriction) fails and is not
 * committed. Writes are committed as {@link UnitAddMixin} describes.
 *
 * @param <T> the entity type
 * @since 0.1.0
 */
public interface UnitDeleteMixin<T> extends PrimaryKeyMixin<T> {

	/**
	 * Return the query of the rows to delete: aiohttp-sqlalchemy's {@code get_delete_stmt()}.
	 * Override to restrict it further, keeping {@link #pkCriteria()}.
	 * @return the row of the primary key
	 */
	default Query deleteStatement() {
		return Query.query(pkCriteria());
	}

	/**
	 * Delete the row of the request's primary key.
	 * @return completion; a {@link ViewException} error (400) for a bad primary key, (404)
	 * when there is no such row
	 */
	default Mono<Void> deleteItem() {
		return Mono.defer(() -> {
			// Built before the write, so that a malformed primary key costs no connection
			Query statement = deleteStatement();
			return Writes.write(this, model(), () -> session().delete(model(), statement)
				.flatMap((rows) -> Units.requireOne(this, "delete", rows)));
		}).then();
	}

}
