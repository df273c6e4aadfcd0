package io.github.reactivesessions.kotlin

import io.github.reactivesessions.testsupport.DatabaseServer
import io.github.reactivesessions.testsupport.RequiresDatabase
import io.github.reactivesessions.testsupport.Sql
import io.github.reactivesessions.testsupport.TestDatabase
import io.github.reactivesessions.testsupport.TestDatabases
import org.springframework.test.context.ContextConfiguration

/**
 * The Kotlin suite on MySQL or MariaDB.
 */
@RequiresDatabase(DatabaseServer.MYSQL)
@ContextConfiguration(initializers = [TestDatabases.MySql::class])
class MySqlKotlinSessionsIT : KotlinSessionsSuite() {

	override fun openTransactions(database: TestDatabase): Long =
		Sql.queryLong(database.connectionFactory(), "SELECT COUNT(*) FROM information_schema.innodb_trx")

}
