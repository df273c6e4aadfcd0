package io.github.reactivesessions.view;

import reactor.core.publisher.Mono;

/**
 * Shared checks of the unit mixins, whose statements must touch exactly the row of the
 * request's primary key.
 */
final class Units {

	private Units() {
	}

	static ViewException notFound(PrimaryKeyMixin<?> view) {
		return ViewException.notFound("No %s with %s %s".formatted(view.model().getSimpleName(), view.pkVariable(),
				ViewErrors.echo(String.valueOf(view.pk()))));
	}

	/**
	 * Check the row count of a unit update or delete: none is a 404; more than one means an
	 * overridden statement lost its primary key restriction, which fails the write so that
	 * its transaction is rolled back.
	 */
	static Mono<Long> requireOne(PrimaryKeyMixin<?> view, String statement, long rows) {
		if (rows == 0) {
			return Mono.error(notFound(view));
		}
		if (rows > 1) {
			return Mono.error(new IllegalStateException(("The %s of %s %s matched %d rows; a unit %s must match "
					+ "the row of its primary key only, so it was not committed: check %sStatement()")
				.formatted(statement, view.model().getSimpleName(), view.pk(), rows, statement, statement)));
		}
		return Mono.just(rows);
	}

}
