package io.github.reactivesessions.sample.reminders

import io.github.reactivesessions.kotlin.awaitCount
import io.github.reactivesessions.kotlin.currentSession
import io.github.reactivesessions.kotlin.useSession
import io.github.reactivesessions.sample.second.Note
import io.github.reactivesessions.web.ReactiveSessions
import org.springframework.context.annotation.Bean
import org.springframework.context.annotation.Configuration
import org.springframework.web.reactive.function.server.bodyValueAndAwait
import org.springframework.web.reactive.function.server.coRouter

/**
 * coRouter routes: one on the filter's session, and a nest that opens `sa_second` with
 * `useSession`.
 */
@Configuration(proxyBeanMethods = false)
class ReminderRoutes {

	@Bean
	fun coroutineRoutes() = coRouter {
		GET("/co/reminders/count") { request ->
			ok().bodyValueAndAwait(ReactiveSessions.get(request).awaitCount<Reminder>())
		}
		"/co/notes".nest {
			useSession("sa_second")
			GET("/count") { ok().bodyValueAndAwait(currentSession("sa_second").awaitCount<Note>()) }
		}
	}

}
