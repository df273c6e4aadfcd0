package io.github.reactivesessions.session;

import java.util.List;

import io.github.reactivesessions.testsupport.DatabaseServer;
import io.github.reactivesessions.testsupport.MySqlTestDatabase;
import io.github.reactivesessions.testsupport.RequiresDatabase;
import io.github.reactivesessions.testsupport.TestDatabase;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Result;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Retrying begin blocks on MySQL and MariaDB.
 */
@RequiresDatabase(DatabaseServer.MYSQL)
class MySqlTransactionRetryIT extends TransactionConflictSuite {

	@Override
	protected TestDatabase createDatabase() {
		return new MySqlTestDatabase();
	}

	@Override
	protected TransactionRetry.Cause writeSkewCause() {
		// SERIALIZABLE reads take shared locks: the two writers wait for each other.
		return TransactionRetry.Cause.DEADLOCK;
	}

	@Override
	protected List<String> shortLockWait() {
		// The shortest wait InnoDB has (1s); the pool and its connections end with the test.
		return List.of("SET SESSION innodb_lock_wait_timeout = 1");
	}

	/**
	 * Told by behaviour: MariaDB's {@code information_schema.innodb_trx} can show the level
	 * of the connection's previous transaction, and {@code @@tx_isolation} is the session's.
	 * A SERIALIZABLE read takes a shared lock, which an UPDATE from another connection waits
	 * for until its lock wait times out.
	 */
	@Override
	protected Mono<String> isolation(ReactiveSession session) {
		Mono<String> otherWrites = Mono.usingWhen(this.database.connectionFactory().create(),
				(connection) -> Flux.from(connection.createStatement("SET SESSION innodb_lock_wait_timeout = 1").execute())
					.flatMap(Result::getRowsUpdated)
					.thenMany(connection.createStatement("UPDATE account SET balance = balance WHERE id = 1").execute())
					.flatMap(Result::getRowsUpdated)
					.then(Mono.just("not serializable"))
					.onErrorResume((ex) -> TransactionRetry.Cause.of(ex) == TransactionRetry.Cause.LOCK_TIMEOUT,
							(ex) -> Mono.just(serializableName())),
				Connection::close);
		return session.sql("SELECT balance FROM account WHERE id = 1").map((row) -> row.get(0)).one().then(otherWrites);
	}

	@Override
	protected String serializableName() {
		return "serializable";
	}

}
