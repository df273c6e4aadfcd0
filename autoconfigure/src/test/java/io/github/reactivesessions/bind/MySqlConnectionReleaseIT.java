package io.github.reactivesessions.bind;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.github.reactivesessions.session.ReactiveSession;
import io.github.reactivesessions.session.ReactiveSessionFactory;
import io.github.reactivesessions.testsupport.DatabaseServer;
import io.github.reactivesessions.testsupport.MySqlTestDatabase;
import io.github.reactivesessions.testsupport.Person;
import io.github.reactivesessions.testsupport.RequiresDatabase;
import io.github.reactivesessions.testsupport.Sql;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Result;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * What the release of a pooled MySQL/MariaDB connection sends: nothing when the connection
 * is provably out of any transaction, the driver's rollback otherwise. Counted with the
 * server's status counters of the one connection of a pool of size 1, read on that same
 * connection before and after the work (less what reading them costs).
 */
@RequiresDatabase(DatabaseServer.MYSQL)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MySqlConnectionReleaseIT {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	/**
	 * Session counters read after each piece of work. {@code Com_admin_commands} counts
	 * {@code COM_PING}, which {@code Questions} leaves out.
	 */
	private static final List<String> COUNTERS = List.of("QUESTIONS", "COM_ADMIN_COMMANDS", "COM_BEGIN", "COM_COMMIT",
			"COM_ROLLBACK");

	private MySqlTestDatabase database;

	private ConnectionPool pool;

	@BeforeAll
	void createDatabase() {
		this.database = new MySqlTestDatabase();
	}

	@AfterAll
	void dropDatabase() {
		this.database.close();
	}

	@BeforeEach
	void createTable() {
		Sql.execute(this.database.connectionFactory(), "DROP TABLE IF EXISTS person", Person.ddl(this.database));
	}

	@AfterEach
	void disposePoolAndDropTable() {
		if (this.pool != null) {
			this.pool.disposeLater().block(TIMEOUT);
			this.pool = null;
		}
		Sql.execute(this.database.connectionFactory(), "DROP TABLE person");
	}

	@ParameterizedTest(name = "echo {0}")
	@ValueSource(booleans = { false, true })
	void releaseAfterAnAutocommitStatementSendsNothing(boolean echo) {
		Counters cost = cost(createPool(echo), (connection) -> execute(connection, "INSERT INTO person (name, age) VALUES ('ann', 30)"));
		assertThat(cost.values()).containsEntry("QUESTIONS", 1L)
			.containsEntry("COM_ADMIN_COMMANDS", 0L)
			.containsEntry("COM_ROLLBACK", 0L);
	}

	@ParameterizedTest(name = "echo {0}")
	@ValueSource(booleans = { false, true })
	void releaseAfterACommittedTransactionSendsNothing(boolean echo) {
		Counters cost = cost(createPool(echo),
				(connection) -> Mono.from(connection.beginTransaction())
					.then(execute(connection, "INSERT INTO person (name, age) VALUES ('ann', 30)"))
					.then(Mono.from(connection.commitTransaction())));
		assertThat(cost.values()).containsEntry("QUESTIONS", 3L)
			.containsEntry("COM_BEGIN", 1L)
			.containsEntry("COM_COMMIT", 1L)
			.containsEntry("COM_ADMIN_COMMANDS", 0L)
			.containsEntry("COM_ROLLBACK", 0L);
		assertThat(Sql.count(this.database.connectionFactory(), "person")).isOne();
	}

	@ParameterizedTest(name = "echo {0}")
	@ValueSource(booleans = { false, true })
	void releaseOfATransactionLeftOpenRollsItBackOnce(boolean echo) {
		ConnectionPool pool = createPool(echo);
		Counters cost = cost(pool, (connection) -> Mono.from(connection.beginTransaction())
			.then(execute(connection, "INSERT INTO person (name, age) VALUES ('ann', 30)")));
		// r2dbc-pool rolls back what beginTransaction began; the release adds nothing to it.
		assertThat(cost.values()).containsEntry("COM_ROLLBACK", 1L).containsEntry("COM_ADMIN_COMMANDS", 0L);
		assertRolledBack(pool);
	}

	@ParameterizedTest(name = "{0}, echo {1}")
	@CsvSource({ "BEGIN, false", "BEGIN, true", "START TRANSACTION, false", "START TRANSACTION, true" })
	void releaseOfATransactionBegunBySqlRollsItBack(String begin, boolean echo) {
		ConnectionPool pool = createPool(echo);
		Counters cost = cost(pool,
				(connection) -> execute(connection, begin).then(execute(connection, "INSERT INTO person (name, age) VALUES ('ann', 30)")));
		assertThat(cost.values()).containsEntry("COM_BEGIN", 1L).containsEntry("COM_ROLLBACK", 1L);
		assertRolledBack(pool);
	}

	@ParameterizedTest(name = "echo {0}")
	@ValueSource(booleans = { false, true })
	void releaseWhileAStatementIsInFlightRunsTheDriversRollbackAndTheConnectionServesTheNextBorrower(boolean echo) {
		ConnectionPool pool = createPool(echo);
		Counters cost = cost(pool, (connection) -> {
			// A cancelled flow: its statement is still running on the server, and the BEGIN
			// queued behind it has not been answered when the connection goes back.
			Disposable sleep = Flux.from(connection.createStatement("SELECT SLEEP(0.5)").execute())
				.flatMap(Result::getRowsUpdated)
				.subscribe();
			return Mono.delay(Duration.ofMillis(100)).doOnNext((tick) -> {
				sleep.dispose();
				Flux.from(connection.createStatement("BEGIN").execute()).flatMap(Result::getRowsUpdated).subscribe();
			}).then();
		});
		assertThat(cost.values()).containsEntry("COM_BEGIN", 1L).containsEntry("COM_ROLLBACK", 1L);
		assertThat(query(pool, "SELECT @@in_transaction")).isZero();
		assertThat(query(pool, "SELECT 1")).isOne();
	}

	@ParameterizedTest(name = "echo {0}")
	@ValueSource(booleans = { false, true })
	void roundTripsPerOperation(boolean echo) {
		ConnectionPool pool = createPool(echo);
		long ann = insertPerson("ann");
		ReactiveSessionFactory sessions = ReactiveSessionFactory.builder(pool).key(Binds.DEFAULT_KEY).build();
		ReactiveSessionFactory autocommitting = ReactiveSessionFactory.builder(pool)
			.key(Binds.DEFAULT_KEY)
			.autocommitReads(true)
			.build();
		DatabaseClient client = DatabaseClient.create(pool);
		Map<String, Long> roundTrips = new LinkedHashMap<>();
		roundTrips.put("begin { get }", cost(pool, inSession(sessions, (session) -> session
			.begin((inBegin) -> inBegin.get(Person.class, ann)))).roundTrips());
		roundTrips.put("begin { add; flush }", cost(pool, inSession(sessions, (session) -> session.begin((inBegin) -> {
			inBegin.add(new Person("bob", 40));
			return inBegin.flush();
		}))).roundTrips());
		roundTrips.put("get outside a transaction", cost(pool,
				inSession(autocommitting, (session) -> session.get(Person.class, ann))).roundTrips());
		roundTrips.put("DatabaseClient findById", cost(pool, client.sql("SELECT id, name, age FROM person WHERE id = :id")
			.bind("id", ann)
			.map((row) -> row.get("name", String.class))
			.one()).roundTrips());
		assertThat(roundTrips).as("round trips, echo " + echo)
			.containsExactly(entry("begin { get }", 3L), entry("begin { add; flush }", 3L),
					entry("get outside a transaction", 1L), entry("DatabaseClient findById", 1L));
	}

	private static Mono<?> inSession(ReactiveSessionFactory sessions,
			Function<ReactiveSession, Mono<?>> work) {
		return Mono.usingWhen(Mono.fromSupplier(sessions::openSession), work, ReactiveSession::close);
	}

	private long insertPerson(String name) {
		Sql.execute(this.database.connectionFactory(), "INSERT INTO person (name, age) VALUES ('" + name + "', 30)");
		return Sql.queryLong(this.database.connectionFactory(), "SELECT id FROM person WHERE name = '" + name + "'");
	}

	private ConnectionPool createPool(boolean echo) {
		ConnectionFactory created = ConnectionFactoryCreation.create("sa_release", this.database.url(), null, null,
				Map.of(), null, new PoolSettings().maxSize(1).acquireRetry(0), echo);
		this.pool = (ConnectionPool) created;
		return this.pool;
	}

	private void assertRolledBack(ConnectionPool pool) {
		assertThat(query(pool, "SELECT @@in_transaction")).isZero();
		assertThat(query(pool, "SELECT COUNT(*) FROM person")).isZero();
		assertThat(Sql.count(this.database.connectionFactory(), "person")).isZero();
	}

	/**
	 * What the work on a connection of the pool and its release cost, in session counters.
	 */
	private Counters cost(ConnectionPool pool, Function<Connection, Mono<Void>> work) {
		return cost(pool, Mono.usingWhen(pool.create(), work, Connection::close));
	}

	/**
	 * What some work on the pool costs, the releases of its connections included.
	 */
	private Counters cost(ConnectionPool pool, Mono<?> work) {
		Counters first = counters(pool);
		Counters reading = counters(pool).minus(first);
		Counters before = counters(pool);
		work.block(TIMEOUT);
		Counters after = counters(pool);
		assertThat(after.connectionId()).as("one connection throughout").isEqualTo(first.connectionId());
		return after.minus(before).minus(reading);
	}

	static Mono<Void> execute(Connection connection, String sql) {
		return Flux.from(connection.createStatement(sql).execute()).flatMap(Result::getRowsUpdated).then();
	}

	private static long query(ConnectionFactory pool, String sql) {
		Long value = Mono.usingWhen(pool.create(),
				(connection) -> Flux.from(connection.createStatement(sql).execute())
					.flatMap((result) -> result.map((row, metadata) -> ((Number) row.get(0)).longValue()))
					.next(),
				Connection::close)
			.block(TIMEOUT);
		return (value != null) ? value : -1;
	}

	/**
	 * The session counters of the pool's connection, read on it.
	 */
	static Counters counters(ConnectionFactory pool) {
		String names = String.join("', '", COUNTERS);
		Counters counters = Mono.usingWhen(pool.create(), (connection) -> Flux
			.from(connection
				.createStatement("SELECT CONNECTION_ID(), VARIABLE_NAME, VARIABLE_VALUE FROM "
						+ "information_schema.SESSION_STATUS WHERE VARIABLE_NAME IN ('" + names + "')")
				.execute())
			.flatMap((result) -> result.map((row, metadata) -> new Object[] { ((Number) row.get(0)).longValue(),
					row.get(1, String.class), Long.parseLong(row.get(2, String.class)) }))
			.collectList()
			.map((rows) -> {
				Map<String, Long> values = new LinkedHashMap<>();
				rows.forEach((row) -> values.put((String) row[1], (Long) row[2]));
				return new Counters((Long) rows.get(0)[0], values);
			}), Connection::close).block(TIMEOUT);
		assertThat(counters).isNotNull();
		assertThat(counters.values()).containsOnlyKeys(COUNTERS);
		return counters;
	}

	record Counters(long connectionId, Map<String, Long> values) {

		Counters minus(Counters other) {
			Map<String, Long> difference = new LinkedHashMap<>();
			this.values.forEach((name, value) -> difference.put(name, value - other.values.getOrDefault(name, 0L)));
			return new Counters(this.connectionId, difference);
		}

		/**
		 * Requests the client sent: statements and pings.
		 */
		long roundTrips() {
			return this.values.get("QUESTIONS") + this.values.get("COM_ADMIN_COMMANDS");
		}

	}

}
