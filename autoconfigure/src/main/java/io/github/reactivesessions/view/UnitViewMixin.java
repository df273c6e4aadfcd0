package io.github.reactivesessions.view;

import reactor.core.publisher.Mono;

import org.springframework.data.relational.core.query.Query;

/**
 * Selects the row of the request's primary key: aiohttp-sqlalchemy's {@code UnitViewMixin}.
 *
 * @param <T> the entity type
 * @since 0.1.0
 */
public interface UnitViewMixin<T> extends PrimaryKeyMixin<T> {

	/**
	 * Return the query of {@link #selectItem()}: aiohttp-sqlalchemy's {@code get_select_stmt()}.
	 * Override to restrict it further, keeping {@link #pkCriteria()}.
	 * @return the row of the primary key
	 */
	default Query selectStatement() {
		return Query.query(pkCriteria());
	}

	/**
	 * Select the entity of the request's primary key through the session (so the session's
	 * identity map holds it).
	 * @return the entity; a {@link ViewException} error when the primary key is malformed
	 * (400) or there is no such row (404)
	 */
	default Mono<T> selectItem() {
		return Mono.defer(() -> session().selectOne(model(), selectStatement()))
			.switchIfEmpty(Mono.error(() -> Units.notFound(this)));
	}

}
