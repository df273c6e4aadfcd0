package io.github.reactivesessions.view;

import reactor.core.publisher.Flux;

import org.springframework.data.relational.core.query.Query;

/**
 * Selects the rows of a statement: aiohttp-sqlalchemy's {@code ListViewMixin}.
 *
 * @param <T> the entity type
 * @since 0.1.0
 */
public interface ListViewMixin<T> extends SaModelMixin<T> {

	/**
	 * Return the query of the rows to list: aiohttp-sqlalchemy's {@code get_select_stmt()}. Override
	 * to filter or sort.
	 * @return every row by default
	 */
	default Query selectStatement() {
		return Query.empty();
	}

	/**
	 * Select the rows of {@link #selectStatement()} through the session.
	 * @return the entities
	 */
	default Flux<T> selectItems() {
		return Flux.defer(() -> session().select(model(), selectStatement()));
	}

}
