/*
 * The current session from inside a coroutine: ReactiveSessions.current(key) reads the
 * Reactor context, which kotlinx-coroutines-reactor carries in the coroutine context
 * (ReactorContext) of suspend handlers, @UseSession suspend functions and coRouter handlers.
 */
package io.github.reactivesessions.kotlin

import io.github.reactivesessions.session.ReactiveSession
import io.github.reactivesessions.web.ReactiveSessions
import kotlinx.coroutines.reactor.awaitSingle

/**
 * The session of the default key of the current request or `@UseSession` call, for code
 * running in its coroutine.
 * @throws io.github.reactivesessions.web.SessionNotFoundException when it is not open
 */
suspend fun currentSession(): ReactiveSession = ReactiveSessions.current().awaitSingle()

/**
 * The session of a key of the current request or `@UseSession` call, for code running in its
 * coroutine.
 * @throws io.github.reactivesessions.web.SessionNotFoundException when it is not open, saying
 * why
 */
suspend fun currentSession(key: String): ReactiveSession = ReactiveSessions.current(key).awaitSingle()
