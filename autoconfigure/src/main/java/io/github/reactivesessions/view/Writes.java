package io.github.reactivesessions.view;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.github.reactivesessions.session.ReactiveSession;
import reactor.core.publisher.Mono;

import org.springframework.data.relational.core.mapping.RelationalPersistentEntity;

/**
 * Runs the writes of the mixins under one rule, so that a write is committed exactly once
 * and by whoever owns the transaction:
 * <ul>
 * <li>inside a {@code begin} block, or on a bind with {@code commit-on-success}, the write
 * is flushed and the commit left to the block or to the web filter;</li>
 * <li>when the session already has a transaction open (statements ran before the write),
 * the write is flushed and that transaction committed, as SQLAlchemy's
 * {@code session.commit()} would;</li>
 * <li>otherwise the write runs in a transaction of its own ({@code session.begin}).</li>
 * </ul>
 * A value its column cannot hold or a missing one becomes a 400 naming the field, a
 * duplicate key a 409, another integrity violation a 400.
 */
final class Writes {

	private Writes() {
	}

	static <R> Mono<R> write(SaMixin view, Class<?> model, Supplier<? extends Mono<R>> work) {
		return write(view, model, List::of, work);
	}

	/**
	 * Run a write of the given values (by property name, looked at only when the write
	 * fails, to name the field the database refused).
	 */
	static <R> Mono<R> write(SaMixin view, Class<?> model, Supplier<List<Map<String, Object>>> values,
			Supplier<? extends Mono<R>> work) {
		return Mono.defer(() -> {
			ReactiveSession session = view.session();
			Mono<R> written;
			if (session.inBegin() || Models.bind(view).isCommitOnSuccess()) {
				written = work.get().flatMap((result) -> session.flush().thenReturn(result));
			}
			else if (session.inTransaction()) {
				written = work.get().flatMap((result) -> session.commit().thenReturn(result));
			}
			else {
				written = session.begin((begun) -> work.get());
			}
			return written.onErrorMap((ex) -> ViewErrors.writeError(ex, entity(view, model), values.get()));
		});
	}

	private static RelationalPersistentEntity<?> entity(SaMixin view, Class<?> model) {
		return Models.converter(view).getMappingContext().getRequiredPersistentEntity(model);
	}

}
