package io.github.reactivesessions.session;

import java.util.List;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.r2dbc.core.R2dbcEntityOperations;
import org.springframework.data.relational.core.query.Query;
import org.springframework.data.relational.core.query.Update;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * A unit of work over at most one connection of one bind: the R2DBC counterpart of
 * SQLAlchemy's {@code AsyncSession}.
 *
 * <p><b>Connection.</b> A session is lazy: it takes a connection from its bind's pool for
 * the first statement or {@link #begin(Function) begin} and gives it back when its
 * transaction ends ({@link #commit()}, {@link #rollback()}, {@link #close()} or the end of a
 * {@code begin} block). A session that is opened and closed without a statement costs no
 * connection.
 *
 * <p><b>Transactions.</b> {@link #begin(Function)} commits when the given publisher completes
 * and rolls back when it fails <em>or is cancelled</em>. A statement outside {@code begin}
 * opens a transaction that stays open until {@code commit()}, {@code rollback()} or
 * {@code close()} (autobegin). On a bind with autocommit-reads (the default on PostgreSQL
 * and H2) the session's reads run outside a transaction, each on a connection of its own
 * as a Spring Data repository's would, until its first write or {@code begin}; from then on
 * it is transactional ({@link ReactiveSessionFactory.Builder#autocommitReads(boolean)}).
 * {@link #beginNested(Function)} is a SAVEPOINT.
 *
 * <p><b>Unit of work.</b> {@link #add(Object)}, {@link #addAll(Iterable)} and
 * {@link #delete(Object)} do no I/O: the changes wait for {@link #flush()}, which also runs
 * before every query (autoflush) and at commit, in the order the calls were made. Entities
 * the session loaded are dirty-checked at flush and only their changed columns are updated.
 * The session keeps one instance per row (identity map): {@link #get(Class, Object)} returns
 * that instance without SQL. Entities are Spring Data Relational entities ({@code @Table},
 * {@code @Id}); they must be mutable for generated ids to be written back.
 *
 * <p><b>Spring transactions.</b> Inside {@code begin}, {@code beginMany} and
 * {@code beginNested}, Spring data access for the same bind ({@code DatabaseClient},
 * {@code R2dbcEntityTemplate}, repositories, {@code @Transactional},
 * {@code TransactionalOperator}) runs on the session's connection and transaction. A session
 * whose first statement runs inside a Spring transaction of its bind joins that transaction:
 * its {@code commit()} then flushes and leaves the commit to the transaction's owner.
 *
 * <p><b>Threads.</b> A session may be used from several reactive branches: its own
 * statements are serialised and never interleave on the connection. Statements issued
 * through {@link #operations()} or by Spring code inside {@code begin} are not queued behind
 * the session's own. A cancelled operation stops, but the statement it was running is not
 * cut short: it runs (a query drains its remaining rows) to its end before the session's
 * next operation, typically the rollback of a cancelled request, reaches the connection.
 * Calling the session from inside one of its own statements (a function given to
 * {@code sql(...).flatMap}, an entity callback of Spring Data, a transaction synchronization
 * its commit runs) fails with an {@code IllegalStateException}: it would wait for that
 * statement forever.
 *
 * @since 0.1.0
 * @see ReactiveSessionFactory
 */
public interface ReactiveSession {

	/**
	 * Return the key of the bind this session belongs to.
	 * @return the bind key
	 */
	String key();

	/**
	 * Return whether this session's bind is read-only.
	 * @return whether writes are refused
	 */
	boolean isReadOnly();

	/**
	 * Run the session's reads on the bind's primary from now on, for a session opened to
	 * read on a read replica (the sessions of GET, HEAD and OPTIONS requests on a bind
	 * with replicas): call it before reading what must not lag behind the primary. The
	 * replica's read-only transaction the session holds, if any, ends at its next
	 * statement. Without effect on a session that reads on the primary.
	 * @return this session
	 * @throws IllegalStateException inside a {@code begin} block on a replica, whose
	 * transaction cannot move
	 * @since 0.4.0
	 */
	default ReactiveSession usePrimary() {
		return this;
	}

	/**
	 * Return the name of the read replica the session reads on, once its first
	 * transaction has chosen one, or {@code null} when it reads on the primary.
	 * @return the replica's name, or {@code null}
	 * @since 0.4.0
	 */
	default @Nullable String replica() {
		return null;
	}

	/**
	 * Return whether the session has a transaction open, and so holds a connection.
	 * @return whether a transaction is open
	 */
	boolean inTransaction();

	/**
	 * Return whether a {@code begin} or {@code beginMany} block is running on this session;
	 * its transaction commits or rolls back when the block ends.
	 * @return whether a begin block is running
	 */
	boolean inBegin();

	/**
	 * Add an entity: it is inserted at the next flush, and its generated id written back.
	 * Adding an entity the session already holds does nothing.
	 * @param entity a mapped entity
	 * @param <T> the entity type
	 * @return the same entity
	 */
	<T> T add(T entity);

	/**
	 * Add several entities, in iteration order.
	 * @param entities mapped entities
	 */
	void addAll(Iterable<?> entities);

	/**
	 * Mark an entity for deletion at the next flush. Deleting an entity that was added and
	 * never flushed just forgets it.
	 * @param entity a mapped entity with an id
	 */
	void delete(Object entity);

	/**
	 * Write every pending change: inserts and deletes in the order they were made, then an
	 * update of the changed columns of each modified entity. Opens a transaction if none is
	 * open. When a flush fails, the transaction can only be rolled back.
	 * @return completion of the flush
	 */
	Mono<Void> flush();

	/**
	 * Run work in a new transaction: commit when the returned publisher completes (after a
	 * flush), roll back when it fails or is cancelled.
	 * <p>The connection is taken when the block starts, so that Spring data access inside
	 * the block joins the transaction from its first statement.
	 * @param work the work, given this session
	 * @param <T> the result type
	 * @return the work's result
	 * @throws IllegalStateException (as an error signal) when a transaction is already open;
	 * use {@link #beginNested(Function)} to nest
	 */
	<T> Mono<T> begin(Function<? super ReactiveSession, ? extends Mono<T>> work);

	/**
	 * Run work in a new transaction as {@link #begin(Function)} does, at the isolation
	 * level, read-only setting and retry the options give.
	 * <p>A block that retries ({@link BeginOptions#retry(TransactionRetry)}, or the bind's
	 * {@code retry} default) runs the work again, from its first statement, after an
	 * attempt failed for a transient reason: a serialization failure, a deadlock or a lock
	 * wait timeout ({@link TransactionRetry.Cause}). Every attempt starts as a fresh
	 * session would: with an empty identity map (entities held before the block are no
	 * longer), and the ids and versions the failed attempt's inserts gave entities reset.
	 * The session must have no unflushed change when such a block starts. Not run again:
	 * a block whose commit's outcome is unknown ({@link CommitOutcomeUnknownException}),
	 * one that failed otherwise, and one that joined a Spring transaction it did not open,
	 * whose owner must run the whole transaction again. When every attempt failed, the
	 * block fails with a {@link TransactionRetriesExhaustedException} listing them.
	 * @param options the isolation, read-only setting and retry of the block
	 * @param work the work, given this session; called once per attempt
	 * @param <T> the result type
	 * @return the work's result
	 * @throws IllegalStateException (as an error signal) when a transaction is already
	 * open, or when a retrying block starts with unflushed changes
	 * @since 0.1.0
	 */
	<T> Mono<T> begin(BeginOptions options, Function<? super ReactiveSession, ? extends Mono<T>> work);

	/**
	 * Flux variant of {@link #begin(Function)}: commit after the last element, roll back on
	 * error or cancellation.
	 * @param work the work, given this session
	 * @param <T> the element type
	 * @return the work's elements
	 */
	<T> Flux<T> beginMany(Function<? super ReactiveSession, ? extends Publisher<T>> work);

	/**
	 * Run work inside a SAVEPOINT of the current transaction (opening one if none is open):
	 * released when the publisher completes, rolled back to when it fails or is cancelled,
	 * while the enclosing transaction stays open.
	 * @param work the work, given this session
	 * @param <T> the result type
	 * @return the work's result
	 */
	<T> Mono<T> beginNested(Function<? super ReactiveSession, ? extends Mono<T>> work);

	/**
	 * Flush and commit the open transaction, then give the connection back. Entities stay
	 * usable unless the bind has {@code expire-on-commit}. Sends nothing when no transaction
	 * is open and nothing is pending (with {@code expire-on-commit}, it still clears the
	 * identity map).
	 * @return completion of the commit
	 * @throws IllegalStateException (as an error signal) inside a {@code begin} block, which
	 * commits by itself
	 */
	Mono<Void> commit();

	/**
	 * Roll back the open transaction, give the connection back, and forget pending changes
	 * and held entities.
	 * @return completion of the rollback
	 */
	Mono<Void> rollback();

	/**
	 * Roll back whatever is uncommitted, give the connection back and clear the identity map.
	 * Idempotent. A closed session refuses further statements.
	 * <p>A transaction the session opened by itself (outside {@code begin}) in which only
	 * its own reads ran ({@code get}, {@code select}, {@code selectOne}, {@code count},
	 * {@code refresh}) ends with a COMMIT on the connection: nothing was written, so the
	 * outcome is the same, and H2 keeps the statements it parsed, which a ROLLBACK
	 * discards. Listeners still see a rollback with cause {@code CLOSE}.
	 * <p>The close does not depend on the subscribers of the operations before it: a
	 * streamed statement ({@code select}, {@code sql(...).all()}) whose subscriber stopped
	 * requesting rows without cancelling is read to its end, its rows discarded, and fails
	 * with an {@link IllegalStateException} saying the session is closed; operations still
	 * waiting for the session fail the same way. An operation that produces one value (a
	 * commit under way) finishes first.
	 * @return completion of the close
	 */
	Mono<Void> close();

	/**
	 * Close the given sessions, as {@link #close()} closes each. A session whose close fails
	 * is logged and the others still close, so one broken connection does not keep the
	 * others from their pools.
	 * <p>Sessions of this library with no transaction and no statement running (those of a
	 * request that never queried) are closed when the returned publisher is subscribed,
	 * without a publisher of their own: the web filter closes its sessions this way after
	 * every request.
	 * @param sessions the sessions to close, in order
	 * @return completion of every close
	 * @since 0.1.0
	 */
	static Mono<Void> closeAll(List<? extends ReactiveSession> sessions) {
		return SessionClosing.closeAll(sessions);
	}

	/**
	 * Return the entity of the given type and id: the instance the session holds, without
	 * SQL, or the row loaded from the database.
	 * @param type the entity type
	 * @param id the id, converted to the type of the {@code @Id} property if needed
	 * @param <T> the entity type
	 * @return the entity, or empty when there is no such row
	 */
	<T> Mono<T> get(Class<T> type, Object id);

	/**
	 * Return whether the session holds the given instance or will insert it.
	 * @param entity an entity
	 * @return whether the entity belongs to the session
	 */
	boolean contains(Object entity);

	/**
	 * Forget an entity: it leaves the identity map and its pending changes are dropped.
	 * @param entity an entity
	 */
	void expunge(Object entity);

	/**
	 * Reload an entity's columns from the database, dropping its unflushed changes.
	 * @param entity an entity with an id
	 * @param <T> the entity type
	 * @return the same entity, reloaded
	 */
	<T> Mono<T> refresh(T entity);

	/**
	 * Select entities; rows the session already holds come back as the held instances.
	 * @param type the entity type
	 * @param query the query, for example {@code Query.query(Criteria.where("name").is("x"))}
	 * @param <T> the entity type
	 * @return the entities
	 */
	<T> Flux<T> select(Class<T> type, Query query);

	/**
	 * Select at most one entity.
	 * @param type the entity type
	 * @param query the query
	 * @param <T> the entity type
	 * @return the entity, or empty
	 */
	<T> Mono<T> selectOne(Class<T> type, Query query);

	/**
	 * Count the rows of an entity's table that match a query.
	 * @param type the entity type
	 * @param query the query
	 * @return the count
	 */
	Mono<Long> count(Class<?> type, Query query);

	/**
	 * Update the rows that match a query. Entities the session holds are not changed: refresh
	 * or expunge them.
	 * @param type the entity type
	 * @param query the query
	 * @param update the columns to set
	 * @return the number of rows updated
	 */
	Mono<Long> update(Class<?> type, Query query, Update update);

	/**
	 * Delete the rows that match a query. Entities the session holds are not changed: expunge
	 * them.
	 * @param type the entity type
	 * @param query the query
	 * @return the number of rows deleted
	 */
	Mono<Long> delete(Class<?> type, Query query);

	/**
	 * Start a raw SQL statement that runs on the session's connection and transaction, after
	 * a flush, serialised with the session's other statements.
	 * @param sql the SQL, with the bind's parameter markers or named parameters
	 * @return Spring's execute spec
	 */
	DatabaseClient.GenericExecuteSpec sql(String sql);

	/**
	 * Return Spring Data's entity operations on the session's connection and transaction,
	 * for what this interface does not cover. Their statements flush first but bypass the
	 * identity map. Unlike the session's own statements they are neither serialised with the
	 * others nor run to their end when cancelled: do not run them concurrently with other
	 * statements of the session, and prefer {@link #sql(String)} and the query methods
	 * above where they do the job (see "Threads" on this interface).
	 * @return entity operations bound to this session
	 */
	R2dbcEntityOperations operations();

}
