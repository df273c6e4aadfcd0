package io.github.reactivesessions.kotlin

import io.github.reactivesessions.session.ReactiveSession
import io.github.reactivesessions.testsupport.Person
import io.github.reactivesessions.web.ReactiveSessions
import io.github.reactivesessions.web.SessionKey
import io.github.reactivesessions.web.UseSession
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.emitAll
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.map
import org.springframework.boot.autoconfigure.SpringBootApplication
import org.springframework.context.annotation.Bean
import org.springframework.data.domain.Sort
import org.springframework.data.relational.core.query.Query
import org.springframework.http.MediaType
import org.springframework.http.ResponseEntity
import org.springframework.stereotype.Service
import org.springframework.web.bind.annotation.GetMapping
import org.springframework.web.bind.annotation.PathVariable
import org.springframework.web.bind.annotation.PostMapping
import org.springframework.web.bind.annotation.RequestParam
import org.springframework.web.bind.annotation.RestController
import org.springframework.web.reactive.function.server.bodyValueAndAwait
import org.springframework.web.reactive.function.server.coRouter

/**
 * The application the Kotlin suites run: suspend handlers and Flow responses on the web
 * filter's session of `sa_main`, `@UseSession("sa_second")` on suspend handlers and on a
 * service's suspend and Flow functions, and coRouter routes with the useSession filter.
 */
@SpringBootApplication
class KotlinTestApplication {

	@Bean
	fun coRoutes() = coRouter {
		GET("/co/people/count") { request ->
			ok().bodyValueAndAwait(ReactiveSessions.get(request).awaitCount<Person>())
		}
		"/co/second".nest {
			useSession("sa_second")
			GET("/count") { request ->
				ok().bodyValueAndAwait(ReactiveSessions.get(request, "sa_second").awaitCount<Person>())
			}
			GET("/current-count") { ok().bodyValueAndAwait(currentSession("sa_second").awaitCount<Person>()) }
		}
		GET("/co/second-without-filter") { request ->
			ok().bodyValueAndAwait(ReactiveSessions.get(request, "sa_second").awaitCount<Person>())
		}
	}

}

@RestController
class PeopleController(private val people: PeopleService) {

	@PostMapping("/people")
	suspend fun add(@RequestParam name: String, session: ReactiveSession): Person {
		val person = session.add(Person(name, 30))
		session.awaitCommit()
		return person
	}

	@GetMapping("/people/{id}")
	suspend fun get(@PathVariable id: Long, session: ReactiveSession): ResponseEntity<Person> =
		session.awaitGet<Person>(id)?.let { ResponseEntity.ok(it) } ?: ResponseEntity.notFound().build()

	@GetMapping("/people/count")
	suspend fun count(): Long = currentSession().awaitCount<Person>()

	@GetMapping("/people", produces = [MediaType.APPLICATION_NDJSON_VALUE])
	fun all(session: ReactiveSession): Flow<Person> = session.select<Person>(Query.empty().sort(Sort.by("name")))

	@UseSession("sa_second")
	@PostMapping("/second/people")
	suspend fun addSecond(@RequestParam name: String, @SessionKey("sa_second") second: ReactiveSession): Person =
		second.awaitBegin { it.add(Person(name, 40)) }

	@UseSession("sa_second")
	@GetMapping("/second/people/count")
	suspend fun countSecond(): Long = currentSession("sa_second").awaitCount<Person>()

	@UseSession("sa_second")
	@PostMapping("/second/people/failing")
	suspend fun addFailing(@RequestParam name: String): Person = currentSession("sa_second").awaitBegin {
		it.add(Person(name, 41))
		it.awaitFlush()
		throw IllegalStateException("The handler failed after its flush")
	}

	@PostMapping("/service/second/held")
	suspend fun addHeld(@RequestParam name: String): Person = this.people.addAndHold(name)

	@GetMapping("/service/second/names-then-hold", produces = [MediaType.TEXT_PLAIN_VALUE])
	fun serviceNamesThenHold(@RequestParam name: String): Flow<String> =
		this.people.secondNamesThenHold(name).map { "$it\n" }

	@GetMapping("/service/second/count")
	suspend fun serviceCount(): Long = this.people.countSecond()

	@GetMapping("/service/second/names", produces = [MediaType.TEXT_PLAIN_VALUE])
	fun serviceNames(): Flow<String> = this.people.secondNames().map { "$it\n" }

}

@Service
class PeopleService {

	/**
	 * Completed when [addAndHold] has flushed its row and waits forever.
	 */
	@Volatile
	var held = CompletableDeferred<Unit>()

	@UseSession("sa_second")
	suspend fun countSecond(): Long = currentSession("sa_second").awaitCount<Person>()

	@UseSession("sa_second")
	fun secondNames(): Flow<String> = flow {
		emitAll(currentSession("sa_second").select<Person>(Query.empty().sort(Sort.by("name"))).map { it.name })
	}

	/**
	 * The names, then a flushed row and nothing until the collector goes away: the session
	 * holds its transaction while the stream is open.
	 */
	@UseSession("sa_second")
	fun secondNamesThenHold(name: String): Flow<String> = flow {
		val session = currentSession("sa_second")
		emitAll(session.select<Person>(Query.empty().sort(Sort.by("name"))).map { it.name })
		session.add(Person(name, 43))
		session.awaitFlush()
		emit("flushed")
		awaitCancellation()
	}

	@UseSession("sa_second")
	suspend fun addAndHold(name: String): Person = currentSession("sa_second").awaitBegin {
		val person = it.add(Person(name, 42))
		it.awaitFlush()
		this.held.complete(Unit)
		awaitCancellation()
	}

}

/**
 * `@UseSession` on the class: every public suspend or Flow function opens the session.
 */
@Service
@UseSession("sa_second")
class SecondCounter {

	suspend fun count(): Long = currentSession("sa_second").awaitCount<Person>()

}
