package io.github.reactivesessions.session;

import java.util.List;

import io.github.reactivesessions.testsupport.DatabaseServer;
import io.github.reactivesessions.testsupport.PostgresTestDatabase;
import io.github.reactivesessions.testsupport.RequiresDatabase;
import io.github.reactivesessions.testsupport.TestDatabase;
import reactor.core.publisher.Mono;

/**
 * Retrying begin blocks on PostgreSQL.
 */
@RequiresDatabase(DatabaseServer.POSTGRES)
class PostgresTransactionRetryIT extends TransactionConflictSuite {

	@Override
	protected TestDatabase createDatabase() {
		return new PostgresTestDatabase();
	}

	@Override
	protected TransactionRetry.Cause writeSkewCause() {
		return TransactionRetry.Cause.SERIALIZATION_FAILURE;
	}

	@Override
	protected List<String> shortLockWait() {
		return List.of("SET LOCAL lock_timeout = '50ms'");
	}

	@Override
	protected Mono<String> isolation(ReactiveSession session) {
		return session.sql("SHOW transaction_isolation").map((row) -> String.valueOf(row.get(0))).one();
	}

	@Override
	protected String serializableName() {
		return "serializable";
	}

}
