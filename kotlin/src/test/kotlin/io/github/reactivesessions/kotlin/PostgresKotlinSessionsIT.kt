package io.github.reactivesessions.kotlin

import io.github.reactivesessions.testsupport.DatabaseServer
import io.github.reactivesessions.testsupport.RequiresDatabase
import io.github.reactivesessions.testsupport.Sql
import io.github.reactivesessions.testsupport.TestDatabase
import io.github.reactivesessions.testsupport.TestDatabases
import org.springframework.test.context.ContextConfiguration

/**
 * The Kotlin suite on PostgreSQL.
 */
@RequiresDatabase(DatabaseServer.POSTGRES)
@ContextConfiguration(initializers = [TestDatabases.Postgres::class])
class PostgresKotlinSessionsIT : KotlinSessionsSuite() {

	override fun openTransactions(database: TestDatabase): Long = Sql.queryLong(database.connectionFactory(),
			"SELECT COUNT(*) FROM pg_stat_activity WHERE state LIKE 'idle in transaction%' AND pid <> pg_backend_pid()")

}
