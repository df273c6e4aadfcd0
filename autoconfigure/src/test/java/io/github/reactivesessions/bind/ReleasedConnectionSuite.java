package io.github.reactivesessions.bind;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import io.github.reactivesessions.testsupport.Person;
import io.github.reactivesessions.testsupport.Sql;
import io.github.reactivesessions.testsupport.TestDatabase;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Wrapped;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a connection of a bind's pool carries to its next borrower: nothing of a transaction
 * that its last borrower began with SQL text ({@code BEGIN}) or by turning autocommit off and
 * did not end. r2dbc-pool rolls back only the transactions begun with
 * {@code beginTransaction()}. Written once and run against every database by a subclass that
 * supplies it; the pool has one connection, so each borrower gets the same one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ReleasedConnectionSuite {

	private TestDatabase database;

	private ConnectionFactory pool;

	/**
	 * The database the suite runs against, created once for the class.
	 */
	protected abstract TestDatabase createDatabase();

	@BeforeAll
	void createDatabaseOnce() {
		this.database = createDatabase();
	}

	@AfterAll
	void dropDatabase() {
		this.database.close();
	}

	@BeforeEach
	void createTableAndPool() {
		Sql.execute(this.database.connectionFactory(), "DROP TABLE IF EXISTS person", Person.ddl(this.database));
		this.pool = pool(false);
	}

	@AfterEach
	void disposePoolAndDropTable() {
		((RetryingConnectionPool) this.pool).disposeLater().block();
		Sql.execute(this.database.connectionFactory(), "DROP TABLE person");
	}

	private ConnectionFactory pool(boolean echo) {
		PoolSettings settings = new PoolSettings().initialSize(0).maxSize(1).maxAcquireTime(Duration.ofSeconds(5));
		return ConnectionFactoryCreation.create("sa_release", this.database.url(), null, null, Map.of(), null,
				settings, echo);
	}

	@Test
	void transactionBegunWithSqlTextIsRolledBackWhenItsConnectionGoesBack() {
		use((connection) -> run(connection, "BEGIN")
			.then(run(connection, "INSERT INTO person (name, age) VALUES ('ann', 30)")));
		assertThat(Sql.count(this.database.connectionFactory(), "person")).isZero();
		assertThat(rowsSeenByNextBorrower()).isZero();
		assertThat(nextBorrowerIsInAutocommit()).isTrue();
	}

	@Test
	void transactionBegunWithSqlTextIsRolledBackWithEchoOnToo() {
		((RetryingConnectionPool) this.pool).disposeLater().block();
		this.pool = pool(true);
		use((connection) -> run(connection, "BEGIN")
			.then(run(connection, "INSERT INTO person (name, age) VALUES ('ann', 30)")));
		assertThat(Sql.count(this.database.connectionFactory(), "person")).isZero();
		assertThat(rowsSeenByNextBorrower()).isZero();
	}

	@Test
	void transactionBegunAfterItsConnectionWentBackIsRolledBackBeforeTheNextBorrower() {
		// What Spring's transaction manager does to a transaction cancelled as it begins
		// (spring-framework#36344): its BEGIN reaches the connection after the pool has it
		// back, and the next borrower's statements outside a transaction ran inside it, to
		// be rolled back when that borrower gave the connection back.
		AtomicReference<Connection> released = new AtomicReference<>();
		use((connection) -> {
			released.set(driverConnection(connection));
			return Mono.just(true);
		});
		Mono.from(released.get().beginTransaction()).block(Duration.ofSeconds(10));
		use((connection) -> run(connection, "INSERT INTO person (name, age) VALUES ('ann', 30)"));
		assertThat(Sql.count(this.database.connectionFactory(), "person")).isOne();
		assertThat(nextBorrowerIsInAutocommit()).isTrue();
	}

	@Test
	void statementsOfTheNextBorrowerAreCommittedAfterALeftoverBegin() {
		DatabaseClient client = DatabaseClient.create(this.pool);
		client.sql("BEGIN").then().block();
		client.sql("INSERT INTO person (name, age) VALUES ('ann', 30)").then().block();
		assertThat(Sql.count(this.database.connectionFactory(), "person")).isOne();
	}

	@Test
	void connectionLeftWithAutocommitOffIsInAutocommitForTheNextBorrower() {
		use((connection) -> Mono.from(connection.setAutoCommit(false))
			.then(run(connection, "INSERT INTO person (name, age) VALUES ('ann', 30)")));
		assertThat(Sql.count(this.database.connectionFactory(), "person")).isZero();
		assertThat(nextBorrowerIsInAutocommit()).isTrue();
		use((connection) -> run(connection, "INSERT INTO person (name, age) VALUES ('bob', 40)"));
		assertThat(Sql.count(this.database.connectionFactory(), "person")).isOne();
	}

	@Test
	void transactionCommittedWithSqlTextKeepsItsRows() {
		use((connection) -> run(connection, "BEGIN")
			.then(run(connection, "INSERT INTO person (name, age) VALUES ('ann', 30)"))
			.then(run(connection, "COMMIT")));
		assertThat(Sql.count(this.database.connectionFactory(), "person")).isOne();
		assertThat(rowsSeenByNextBorrower()).isOne();
	}

	private static Connection driverConnection(Connection connection) {
		Connection driver = connection;
		while (driver instanceof Wrapped<?> wrapped && wrapped.unwrap() instanceof Connection inner) {
			driver = inner;
		}
		return driver;
	}

	private long rowsSeenByNextBorrower() {
		Long rows = use(ReleasedConnectionSuite::count);
		return (rows != null) ? rows : -1;
	}

	private boolean nextBorrowerIsInAutocommit() {
		return Boolean.TRUE.equals(use((connection) -> Mono.just(connection.isAutoCommit())));
	}

	private <T> @Nullable T use(Function<Connection, Mono<T>> work) {
		return Mono.usingWhen(this.pool.create(), work, Connection::close).block(Duration.ofSeconds(30));
	}

	private static Mono<Long> run(Connection connection, String sql) {
		return Flux.from(connection.createStatement(sql).execute()).concatMap((result) -> result.getRowsUpdated())
			.reduce(0L, Long::sum);
	}

	private static Mono<Long> count(Connection connection) {
		return Flux.from(connection.createStatement("SELECT COUNT(*) FROM person").execute())
			.concatMap((result) -> result.map((row, metadata) -> ((Number) row.get(0)).longValue()))
			.next();
	}

}
