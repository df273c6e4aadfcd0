package io.github.reactivesessions.sample.reminders

import org.springframework.data.annotation.Id
import org.springframework.data.relational.core.mapping.Table

/**
 * A Kotlin entity of the main database: its id is a `var`, since the session writes the
 * generated key into the instance it was given.
 */
@Table("reminder")
class Reminder(
	@Id var id: Long? = null,
	var text: String = "",
	var done: Boolean = false,
)
