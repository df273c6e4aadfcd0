/*
 * SessionHandlerFilters.useSession for coroutine router functions.
 */
package io.github.reactivesessions.kotlin

import io.github.reactivesessions.web.SessionHandlerFilters
import kotlinx.coroutines.reactor.awaitSingle
import kotlinx.coroutines.reactor.mono
import org.springframework.web.reactive.function.server.CoRouterFunctionDsl
import org.springframework.web.reactive.function.server.HandlerFunction

/**
 * Open the sessions of the given keys (the default key when none is given) for the routes of
 * this `coRouter { }` block, or of the `nest { }` block it is called in: aiohttp-sqlalchemy's
 * `sa_decorator(key)` for coroutine handlers. The sessions are closed when the exchange ends;
 * a key that the web filter already opened for the request fails with
 * [io.github.reactivesessions.web.DuplicateSessionKeyException].
 *
 * ```
 * coRouter {
 *     "/specific".nest {
 *         useSession("sa_second")
 *         GET("") { request -> ok().bodyValueAndAwait(ReactiveSessions.get(request, "sa_second").awaitCount<Note>()) }
 *     }
 * }
 * ```
 */
fun CoRouterFunctionDsl.useSession(vararg keys: String) {
	val filter = SessionHandlerFilters.useSession(*keys)
	filter { request, next ->
		val context = callerContext()
		filter.filter(request, HandlerFunction { filtered -> mono(context) { next(filtered) } }).awaitSingle()
	}
}
