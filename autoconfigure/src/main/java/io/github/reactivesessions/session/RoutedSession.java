package io.github.reactivesessions.session;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.relational.core.query.Query;
import org.springframework.data.relational.core.query.Update;
import org.springframework.util.Assert;

/**
 * A session over several binds: SQLAlchemy's {@code Session(binds={User: engine_a,
 * Account: engine_b})}. Each operation on an entity goes to the session of the entity's
 * bind ({@link EntityBinds}: its {@link BindKey @BindKey}, its bind's
 * {@code entity-packages}, or the default bind), taken when the routed session first needs
 * it; like any session, that one takes a connection only for its first statement.
 *
 * <p>The identity map is shared: an entity type lives in one bind, so the identity maps
 * of the binds' sessions together hold each {@code (type, id)} once, and {@code get}
 * returns the instance the routed session (or, in a request, the bind's own session)
 * already holds.
 *
 * <p>{@link #flush()} flushes, and {@link #commit()} commits, the sessions it used in the
 * order of the binds (the order of {@code sa.binds}). There is no two-phase commit: a
 * commit first flushes every bind, so a change a database refuses fails before anything is
 * committed and every bind is rolled back; then it commits bind after bind, and when a
 * commit fails after another bind committed (or its outcome is unknown beside others), the
 * commits made stand, the binds after it are rolled back, and a
 * {@link PartialCommitException} names the binds that committed, the one that failed and
 * those rolled back (see {@link #commitAll(List)}).
 *
 * <p>In a request the routed session uses the request's sessions (those the web filter or
 * {@code @UseSession} opened), so a bind the request may not open fails as
 * {@code ReactiveSessions.get} does. Thread-safe, as the sessions it uses are.
 *
 * @since 0.1.0
 */
public final class RoutedSession {

	private final EntityBinds entityBinds;

	private final String defaultKey;

	private final List<String> order;

	private final Function<String, ReactiveSession> sessionOfKey;

	// The sessions used so far, by key.
	private final Map<String, ReactiveSession> sessions = new LinkedHashMap<>(4);

	private RoutedSession(EntityBinds entityBinds, String defaultKey, List<String> order,
			Function<String, ReactiveSession> sessionOfKey) {
		this.entityBinds = entityBinds;
		this.defaultKey = defaultKey;
		this.order = order;
		this.sessionOfKey = sessionOfKey;
	}

	/**
	 * Create a routed session over the sessions a function gives, one per key, asked for
	 * when first needed.
	 * @param entityBinds which bind each entity type lives in
	 * @param defaultKey the bind of entities that declare none
	 * @param keys the keys of the binds, in the order flushes and commits follow
	 * @param sessionOfKey the session of a key (called once per key)
	 * @return the routed session
	 */
	public static RoutedSession of(EntityBinds entityBinds, String defaultKey, Collection<String> keys,
			Function<String, ReactiveSession> sessionOfKey) {
		Assert.isTrue(keys.contains(defaultKey), () -> "Default key '%s' is not one of %s".formatted(defaultKey, keys));
		return new RoutedSession(entityBinds, defaultKey, List.copyOf(keys), sessionOfKey);
	}

	/**
	 * Return the key of the bind an entity type is routed to.
	 * @param type the entity type
	 * @return the bind key
	 */
	public String keyOf(Class<?> type) {
		return this.entityBinds.keyOf(type, this.defaultKey);
	}

	/**
	 * Return the session an entity type is routed to, for what only a keyed session does
	 * ({@code sql}, {@code begin}, {@code operations}).
	 * @param type the entity type
	 * @return the session of its bind
	 */
	public ReactiveSession session(Class<?> type) {
		return session(keyOf(type));
	}

	/**
	 * Return the session of a bind, as this routed session uses it.
	 * @param key the bind key
	 * @return the session
	 */
	public synchronized ReactiveSession session(String key) {
		ReactiveSession session = this.sessions.get(key);
		if (session == null) {
			Assert.isTrue(this.order.contains(key), () -> "No bind has key '%s'; the binds are %s".formatted(key,
					this.order));
			session = this.sessionOfKey.apply(key);
			this.sessions.put(key, session);
		}
		return session;
	}

	/**
	 * Return the keys of the binds whose sessions this routed session used, in bind order.
	 * @return the keys
	 */
	public synchronized List<String> usedKeys() {
		return this.order.stream().filter(this.sessions::containsKey).toList();
	}

	// Unit of work: no I/O

	/**
	 * Add an entity to the session of its bind, to be inserted at the next flush.
	 * @param entity the entity
	 * @param <T> the entity type
	 * @return the same entity
	 * @see ReactiveSession#add(Object)
	 */
	public <T> T add(T entity) {
		return session(entity.getClass()).add(entity);
	}

	/**
	 * Add entities, each to the session of its bind.
	 * @param entities the entities
	 */
	public void addAll(Iterable<?> entities) {
		entities.forEach(this::add);
	}

	/**
	 * Mark an entity for deletion in the session of its bind.
	 * @param entity the entity
	 * @see ReactiveSession#delete(Object)
	 */
	public void delete(Object entity) {
		session(entity.getClass()).delete(entity);
	}

	/**
	 * Return whether the session of the entity's bind holds the instance or will insert it.
	 * @param entity an entity
	 * @return whether it belongs to the routed session
	 */
	public boolean contains(Object entity) {
		ReactiveSession session = used(keyOf(entity.getClass()));
		return session != null && session.contains(entity);
	}

	/**
	 * Forget an entity in the session of its bind.
	 * @param entity an entity
	 */
	public void expunge(Object entity) {
		ReactiveSession session = used(keyOf(entity.getClass()));
		if (session != null) {
			session.expunge(entity);
		}
	}

	// Statements, each on the entity's bind

	/**
	 * Return the entity of the given type and id, from its bind.
	 * @param type the entity type
	 * @param id the id
	 * @param <T> the entity type
	 * @return the entity, or empty
	 * @see ReactiveSession#get(Class, Object)
	 */
	public <T> Mono<T> get(Class<T> type, Object id) {
		return Mono.defer(() -> session(type).get(type, id));
	}

	/**
	 * Reload an entity from its bind.
	 * @param entity the entity
	 * @param <T> the entity type
	 * @return the same entity
	 * @see ReactiveSession#refresh(Object)
	 */
	public <T> Mono<T> refresh(T entity) {
		return Mono.defer(() -> session(entity.getClass()).refresh(entity));
	}

	/**
	 * Select entities of a type on its bind.
	 * @param type the entity type
	 * @param query the query
	 * @param <T> the entity type
	 * @return the entities
	 * @see ReactiveSession#select(Class, Query)
	 */
	public <T> Flux<T> select(Class<T> type, Query query) {
		return Flux.defer(() -> session(type).select(type, query));
	}

	/**
	 * Select at most one entity of a type on its bind.
	 * @param type the entity type
	 * @param query the query
	 * @param <T> the entity type
	 * @return the entity, or empty
	 * @see ReactiveSession#selectOne(Class, Query)
	 */
	public <T> Mono<T> selectOne(Class<T> type, Query query) {
		return Mono.defer(() -> session(type).selectOne(type, query));
	}

	/**
	 * Count the rows of an entity type on its bind.
	 * @param type the entity type
	 * @param query the query
	 * @return the count
	 */
	public Mono<Long> count(Class<?> type, Query query) {
		return Mono.defer(() -> session(type).count(type, query));
	}

	/**
	 * Update rows of an entity type on its bind.
	 * @param type the entity type
	 * @param query the rows
	 * @param update the changes
	 * @return the number of rows updated
	 */
	public Mono<Long> update(Class<?> type, Query query, Update update) {
		return Mono.defer(() -> session(type).update(type, query, update));
	}

	/**
	 * Delete rows of an entity type on its bind.
	 * @param type the entity type
	 * @param query the rows
	 * @return the number of rows deleted
	 */
	public Mono<Long> delete(Class<?> type, Query query) {
		return Mono.defer(() -> session(type).delete(type, query));
	}

	// Transactions, bind after bind

	/**
	 * Flush the sessions used, in bind order.
	 * @return completion of the flushes
	 */
	public Mono<Void> flush() {
		return Flux.defer(() -> Flux.fromIterable(usedSessions())).concatMap(ReactiveSession::flush).then();
	}

	/**
	 * Flush every session used, then commit them in bind order, as
	 * {@link #commitAll(List)} does.
	 * @return completion of the commits
	 */
	public Mono<Void> commit() {
		return Mono.defer(() -> commitAll(usedSessions()));
	}

	/**
	 * Commit sessions of several binds, given in the order to commit them: flush them all,
	 * then commit one after the other. When a flush or the first commit fails, nothing was
	 * committed: every session is rolled back and the error is that session's. When a later
	 * commit fails, the earlier commits stand, the sessions after it are rolled back, and
	 * the error is a {@link PartialCommitException}; so is a commit whose outcome is unknown
	 * ({@link CommitOutcomeUnknownException}) when other sessions were committed or rolled
	 * back beside it. A failed rollback is added to the error as suppressed, never in its
	 * place.
	 * @param sessions the sessions, in commit order
	 * @return completion of the commits
	 * @throws IllegalStateException (as the error) when a session is inside a {@code begin}
	 * block, which commits it itself
	 */
	public static Mono<Void> commitAll(List<? extends ReactiveSession> sessions) {
		return Mono.defer(() -> {
			List<ReactiveSession> ordered = List.copyOf(sessions);
			for (ReactiveSession session : ordered) {
				if (session.inBegin()) {
					// Its block commits it, later: refused before anything is committed.
					return Mono.error(new IllegalStateException(("The session of bind '%s' is inside a begin block, "
							+ "which commits it: commit the routed session after the block, or not at all")
						.formatted(session.key())));
				}
			}
			return Flux.fromIterable(ordered)
				.concatMap(ReactiveSession::flush)
				.then()
				.onErrorResume((ex) -> rollbackAll(ordered, ex))
				.then(Mono.defer(() -> commitFrom(ordered, 0)));
		});
	}

	private static Mono<Void> commitFrom(List<ReactiveSession> sessions, int index) {
		if (index == sessions.size()) {
			return Mono.empty();
		}
		ReactiveSession session = sessions.get(index);
		List<ReactiveSession> rest = sessions.subList(index + 1, sessions.size());
		return session.commit()
			.onErrorResume((ex) -> rollbackAll(rest, partialOrOwn(sessions, index, ex)))
			.then(Mono.defer(() -> commitFrom(sessions, index + 1)));
	}

	// The error of a failed commit: the session's own when nothing else was or may have
	// been committed; otherwise a PartialCommitException.
	private static Throwable partialOrOwn(List<ReactiveSession> sessions, int index, Throwable ex) {
		boolean outcomeUnknown = ex instanceof CommitOutcomeUnknownException;
		List<ReactiveSession> rest = sessions.subList(index + 1, sessions.size());
		if (index == 0 && (!outcomeUnknown || rest.isEmpty())) {
			return ex;
		}
		return new PartialCommitException(keys(sessions.subList(0, index)), sessions.get(index).key(),
				outcomeUnknown, keys(rest), ex);
	}

	private static List<String> keys(List<ReactiveSession> sessions) {
		return sessions.stream().map(ReactiveSession::key).toList();
	}

	/**
	 * Roll back every session used; each rollback is tried even when another fails.
	 * @return completion of the rollbacks
	 */
	public Mono<Void> rollback() {
		return Mono.defer(() -> Flux.fromIterable(usedSessions()).concatMapDelayError(ReactiveSession::rollback).then());
	}

	/**
	 * Close every session used, as {@link ReactiveSession#closeAll(List)} does; in a
	 * request they are the request's, which closes them anyway when it ends.
	 * @return completion of the closes
	 */
	public Mono<Void> close() {
		return Mono.defer(() -> ReactiveSession.closeAll(usedSessions()));
	}

	// Roll back every session, then fail with the error that called for it, any failed
	// rollback suppressed in it.
	private static Mono<Void> rollbackAll(List<ReactiveSession> sessions, Throwable error) {
		return Flux.fromIterable(sessions)
			.concatMap((session) -> session.rollback().onErrorResume((rollbackError) -> {
				error.addSuppressed(rollbackError);
				return Mono.empty();
			}))
			.then(Mono.error(error));
	}

	private synchronized @Nullable ReactiveSession used(String key) {
		return this.sessions.get(key);
	}

	private synchronized List<ReactiveSession> usedSessions() {
		List<ReactiveSession> used = new ArrayList<>(this.sessions.size());
		for (String key : this.order) {
			ReactiveSession session = this.sessions.get(key);
			if (session != null) {
				used.add(session);
			}
		}
		return used;
	}

	@Override
	public String toString() {
		return "RoutedSession[binds=" + this.order + ", used=" + usedKeys() + "]";
	}

}
