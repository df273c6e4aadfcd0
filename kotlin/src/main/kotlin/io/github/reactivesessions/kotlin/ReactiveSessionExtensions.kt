/*
 * Coroutine forms of the ReactiveSession API, in the style of Spring's own *Extensions.kt
 * (DatabaseClientExtensions, TransactionalOperatorExtensions): a suspend function for each
 * Mono, a Flow for each Flux, and begin blocks whose work is a suspend lambda.
 */
package io.github.reactivesessions.kotlin

import io.github.reactivesessions.session.BeginOptions
import io.github.reactivesessions.session.ReactiveSession
import io.github.reactivesessions.session.ReactiveSessionFactory
import kotlinx.coroutines.Job
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.reactive.asFlow
import kotlinx.coroutines.reactor.asFlux
import kotlinx.coroutines.reactor.awaitSingle
import kotlinx.coroutines.reactor.awaitSingleOrNull
import kotlinx.coroutines.reactor.mono
import org.springframework.data.relational.core.query.Query
import org.springframework.data.relational.core.query.Update
import reactor.core.publisher.Mono
import kotlin.coroutines.CoroutineContext

/**
 * Coroutine variant of [ReactiveSession.get]: the entity of a type and id, or `null` when
 * there is no such row.
 */
suspend inline fun <reified T : Any> ReactiveSession.awaitGet(id: Any): T? =
	get(T::class.java, id).awaitSingleOrNull()

/**
 * Flow variant of [ReactiveSession.select]: the entities of a type that match a query
 * (every one by default), streamed as the rows arrive.
 */
inline fun <reified T : Any> ReactiveSession.select(query: Query = Query.empty()): Flow<T> =
	select(T::class.java, query).asFlow()

/**
 * Coroutine variant of [ReactiveSession.selectOne]: the one entity that matches a query, or
 * `null` when none does.
 */
suspend inline fun <reified T : Any> ReactiveSession.awaitSelectOne(query: Query): T? =
	selectOne(T::class.java, query).awaitSingleOrNull()

/**
 * Coroutine variant of [ReactiveSession.count]: the rows of a type that match a query (every
 * one by default).
 */
suspend inline fun <reified T : Any> ReactiveSession.awaitCount(query: Query = Query.empty()): Long =
	count(T::class.java, query).awaitSingle()

/**
 * Coroutine variant of [ReactiveSession.update] (by query): the number of rows updated.
 */
suspend inline fun <reified T : Any> ReactiveSession.awaitUpdate(query: Query, update: Update): Long =
	update(T::class.java, query, update).awaitSingle()

/**
 * Coroutine variant of [ReactiveSession.delete] (by query): the number of rows deleted.
 */
suspend inline fun <reified T : Any> ReactiveSession.awaitDelete(query: Query): Long =
	delete(T::class.java, query).awaitSingle()

/**
 * Coroutine variant of [ReactiveSession.refresh]: the entity, reloaded from its row.
 */
suspend fun <T : Any> ReactiveSession.awaitRefresh(entity: T): T = refresh(entity).awaitSingle()

/**
 * Coroutine variant of [ReactiveSession.flush].
 */
suspend fun ReactiveSession.awaitFlush() {
	flush().awaitSingleOrNull()
}

/**
 * Coroutine variant of [ReactiveSession.commit].
 */
suspend fun ReactiveSession.awaitCommit() {
	commit().awaitSingleOrNull()
}

/**
 * Coroutine variant of [ReactiveSession.rollback].
 */
suspend fun ReactiveSession.awaitRollback() {
	rollback().awaitSingleOrNull()
}

/**
 * Coroutine variant of [ReactiveSession.close].
 */
suspend fun ReactiveSession.awaitClose() {
	close().awaitSingleOrNull()
}

/**
 * Coroutine variant of [ReactiveSession.begin]: runs [work] in a transaction that commits
 * when it returns and rolls back when it throws or its coroutine is cancelled.
 */
suspend fun <T> ReactiveSession.awaitBegin(work: suspend (ReactiveSession) -> T): T {
	val context = callerContext()
	return awaitNullable(begin { session -> mono<Any>(context) { work(session) } })
}

/**
 * Coroutine variant of [ReactiveSession.begin] with [BeginOptions]: an isolation level,
 * read-only, or retries of the whole [work] on a serialization failure or a deadlock (each
 * attempt calls [work] again).
 */
suspend fun <T> ReactiveSession.awaitBegin(options: BeginOptions, work: suspend (ReactiveSession) -> T): T {
	val context = callerContext()
	return awaitNullable(begin(options) { session -> mono<Any>(context) { work(session) } })
}

/**
 * Coroutine variant of [ReactiveSession.beginNested]: [work] in a savepoint that is released
 * when it returns and rolled back to when it throws.
 */
suspend fun <T> ReactiveSession.awaitBeginNested(work: suspend (ReactiveSession) -> T): T {
	val context = callerContext()
	return awaitNullable(beginNested { session -> mono<Any>(context) { work(session) } })
}

/**
 * Flow variant of [ReactiveSession.beginMany]: the transaction commits when the flow that
 * [work] returns completes, and rolls back when it fails or its collector stops early.
 */
fun <T : Any> ReactiveSession.beginFlow(work: (ReactiveSession) -> Flow<T>): Flow<T> =
	beginMany { session -> work(session).asFlux() }.asFlow()

/**
 * Coroutine variant of [ReactiveSessionFactory.withSession]: opens a session for [work] and
 * closes it afterwards, rolling back what was not committed.
 */
suspend fun <T> ReactiveSessionFactory.awaitWithSession(work: suspend (ReactiveSession) -> T): T {
	val context = callerContext()
	return awaitNullable(withSession { session -> mono<Any>(context) { work(session) } })
}

/**
 * The caller's coroutine context without its Job, for the work of a block: the work runs on
 * the caller's dispatcher and sees its Reactor context, but is cancelled through the block's
 * subscription (as Spring's `TransactionalOperator.executeAndAwait` does).
 */
@PublishedApi
internal suspend fun callerContext(): CoroutineContext = currentCoroutineContext().minusKey(Job)

/**
 * Await a block's result, which is empty when the work returned `null`: the blocks of the
 * Java API hold non-null values, so the work's value travels as `Any` and is cast back.
 */
@Suppress("UNCHECKED_CAST")
private suspend fun <T> awaitNullable(result: Mono<Any>): T = result.awaitSingleOrNull() as T
