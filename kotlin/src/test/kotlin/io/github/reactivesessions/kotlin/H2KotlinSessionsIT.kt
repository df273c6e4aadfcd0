package io.github.reactivesessions.kotlin

import io.github.reactivesessions.testsupport.Sql
import io.github.reactivesessions.testsupport.TestDatabase
import io.github.reactivesessions.testsupport.TestDatabases
import org.springframework.test.context.ContextConfiguration

/**
 * The Kotlin suite on H2.
 */
@ContextConfiguration(initializers = [TestDatabases.H2::class])
class H2KotlinSessionsIT : KotlinSessionsSuite() {

	override fun openTransactions(database: TestDatabase): Long = Sql.queryLong(database.connectionFactory(),
			"SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE CONTAINS_UNCOMMITTED")

}
