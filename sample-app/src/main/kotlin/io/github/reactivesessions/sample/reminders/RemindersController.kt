package io.github.reactivesessions.sample.reminders

import io.github.reactivesessions.kotlin.awaitBegin
import io.github.reactivesessions.kotlin.awaitCount
import io.github.reactivesessions.kotlin.awaitGet
import io.github.reactivesessions.kotlin.currentSession
import io.github.reactivesessions.kotlin.select
import io.github.reactivesessions.sample.second.Note
import io.github.reactivesessions.session.ReactiveSession
import io.github.reactivesessions.web.UseSession
import kotlinx.coroutines.flow.Flow
import org.springframework.data.domain.Sort
import org.springframework.data.relational.core.query.Query
import org.springframework.http.HttpStatus
import org.springframework.http.MediaType
import org.springframework.http.ResponseEntity
import org.springframework.web.bind.annotation.GetMapping
import org.springframework.web.bind.annotation.PathVariable
import org.springframework.web.bind.annotation.PostMapping
import org.springframework.web.bind.annotation.RequestParam
import org.springframework.web.bind.annotation.ResponseStatus
import org.springframework.web.bind.annotation.RestController

/**
 * Suspend handlers on the web filter's session of `sa_main` (docs/kotlin.md), a Flow response,
 * and `@UseSession("sa_second")` on a suspend handler.
 */
@RestController
class RemindersController {

	@PostMapping("/reminders")
	@ResponseStatus(HttpStatus.CREATED)
	suspend fun add(@RequestParam text: String, session: ReactiveSession): Reminder =
		session.awaitBegin { it.add(Reminder(text = text)) }

	@GetMapping("/reminders", produces = [MediaType.APPLICATION_NDJSON_VALUE])
	fun all(session: ReactiveSession): Flow<Reminder> = session.select<Reminder>(Query.empty().sort(Sort.by("id")))

	@GetMapping("/reminders/{id}")
	suspend fun one(@PathVariable id: Long, session: ReactiveSession): ResponseEntity<Reminder> =
		session.awaitGet<Reminder>(id)?.let { ResponseEntity.ok(it) } ?: ResponseEntity.notFound().build()

	/**
	 * Loaded, changed, and written by the flush of the commit (the session's dirty check).
	 */
	@PostMapping("/reminders/{id}/done")
	suspend fun done(@PathVariable id: Long, session: ReactiveSession): ResponseEntity<Reminder> =
		session.awaitBegin { s ->
			s.awaitGet<Reminder>(id)?.also { it.done = true }
		}?.let { ResponseEntity.ok(it) } ?: ResponseEntity.notFound().build()

	@UseSession("sa_second")
	@GetMapping("/reminders/notes/count")
	suspend fun countNotes(): Long = currentSession("sa_second").awaitCount<Note>()

}
