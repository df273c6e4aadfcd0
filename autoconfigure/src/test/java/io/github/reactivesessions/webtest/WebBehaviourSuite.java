package io.github.reactivesessions.webtest;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.github.reactivesessions.bind.Binds;
import io.github.reactivesessions.testsupport.Person;
import io.github.reactivesessions.testsupport.Sql;
import io.github.reactivesessions.testsupport.TestDatabase;
import io.github.reactivesessions.testsupport.TestDatabases;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The web layer through the real filter chain, written once and run against every database
 * by a subclass that names the {@link TestDatabases} initializer of two of them (the main
 * database and the second one).
 *
 * <p>Binds: {@code sa_main} (filter, all paths), {@code sa_second} (middleware=false, second
 * database), {@code sa_paths} (filter, /scoped/** but not /scoped/excluded/**),
 * {@code sa_commit} (filter, /commit/**, commit-on-success), {@code sa_idle} (filter, all
 * paths, used by no handler) and {@code sa_tiny} (middleware=false, a pool of one connection
 * that gives up after 300 ms).
 */
@SpringBootTest(classes = WebTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@DirtiesContext
abstract class WebBehaviourSuite {

	@Autowired
	private WebTestClient client;

	@Autowired
	private Binds binds;

	@Autowired
	private SecondService secondService;

	@LocalServerPort
	private int port;

	@Autowired
	private TestDatabases databases;

	/**
	 * Whether binds on the main database have autocommit-reads when they do not say.
	 */
	protected abstract boolean autocommitReadsByDefault();

	@DynamicPropertySource
	static void binds(DynamicPropertyRegistry registry) {
		registry.add("sa.binds.sa_main.url", () -> TestDatabases.MAIN_URL);
		registry.add("sa.binds.sa_second.url", () -> TestDatabases.SECOND_URL);
		registry.add("sa.binds.sa_second.middleware", () -> "false");
		registry.add("sa.binds.sa_paths.url", () -> TestDatabases.MAIN_URL);
		registry.add("sa.binds.sa_paths.paths", () -> "/scoped/**");
		registry.add("sa.binds.sa_paths.exclude-paths", () -> "/scoped/excluded/**");
		registry.add("sa.binds.sa_commit.url", () -> TestDatabases.MAIN_URL);
		registry.add("sa.binds.sa_commit.paths", () -> "/commit/**");
		registry.add("sa.binds.sa_commit.commit-on-success", () -> "true");
		registry.add("sa.binds.sa_idle.url", () -> TestDatabases.MAIN_URL);
		for (String key : List.of("sa_main", "sa_second", "sa_paths", "sa_commit", "sa_idle")) {
			registry.add("sa.binds." + key + ".pool.max-size", () -> "4");
		}
		registry.add("sa.binds.sa_tiny.url", () -> TestDatabases.MAIN_URL);
		registry.add("sa.binds.sa_tiny.middleware", () -> "false");
		registry.add("sa.binds.sa_tiny.pool.max-size", () -> "1");
		registry.add("sa.binds.sa_tiny.pool.max-acquire-time", () -> "300ms");
		registry.add("spring.web.error.include-message", () -> "always");
		registry.add("test.connection-id-query", () -> TestDatabases.MAIN_CONNECTION_ID_QUERY);
	}

	@BeforeEach
	void createTables() {
		Sql.execute(main().connectionFactory(), "DROP TABLE IF EXISTS person", Person.ddl(main()));
		Sql.execute(second().connectionFactory(), "DROP TABLE IF EXISTS person", Person.ddl(second()));
	}

	@AfterEach
	void dropTables() {
		for (String key : this.binds.keys()) {
			await().atMost(Duration.ofSeconds(5)).until(() -> acquired(key) == 0);
		}
		Sql.execute(main().connectionFactory(), "DROP TABLE person");
		Sql.execute(second().connectionFactory(), "DROP TABLE person");
	}

	// The filter

	@Test
	void requestsThatNeverTouchTheDatabaseTakeNoConnection() {
		for (int i = 0; i < 200; i++) {
			this.client.get().uri("/scoped/ping").exchange().expectStatus().isOk().expectBody(String.class).isEqualTo("pong");
		}
		assertThat(pool("sa_paths").getMetrics().orElseThrow().allocatedSize()).isZero();
		assertThat(pool("sa_idle").getMetrics().orElseThrow().allocatedSize()).isZero();
		assertThat(acquired("sa_main")).isZero();
	}

	@Test
	void sessionsAreInTheExchangeAttributesUnderTheirKey() {
		assertAttributes("/attributes", "sa_main", "sa_idle");
	}

	@Test
	void pathsLimitWhereTheFilterOpensABind() {
		assertAttributes("/scoped/attributes", "sa_main", "sa_paths", "sa_idle");
	}

	@Test
	void excludePathsKeepTheFilterAway() {
		assertAttributes("/scoped/excluded/attributes", "sa_main", "sa_idle");
		this.client.get().uri("/scoped/excluded/paths-session").exchange()
			.expectStatus().is5xxServerError()
			.expectBody().jsonPath("$.message").value((String message) -> assertThat(message)
				.startsWith("The session of bind 'sa_paths' is not open for /scoped/excluded/paths-session: the web "
						+ "filter opens it only under paths [/scoped/**], excluding [/scoped/excluded/**]"));
	}

	@Test
	void middlewareFalseBindIsNotOpenedByTheFilter() {
		this.client.get().uri("/second/missing").exchange()
			.expectStatus().is5xxServerError()
			.expectBody().jsonPath("$.message").isEqualTo("The session of bind 'sa_second' is not open: the bind has "
					+ "middleware=false, so a handler opens it with @UseSession(\"sa_second\") (or "
					+ "SessionHandlerFilters.useSession(\"sa_second\") on a functional route)");
	}

	@Test
	void unknownKeyIsReportedAsSuch() {
		this.client.get().uri("/unknown-key").exchange()
			.expectStatus().is5xxServerError()
			.expectBody().jsonPath("$.message").value((String message) -> assertThat(message)
				.startsWith("No bind has the key 'sa_nope', so there is no session for it; the binds are 'sa_main'"));
	}

	@Test
	void handlerParameterGetsTheDefaultSession() {
		insert(main(), "ann");
		this.client.get().uri("/people/count").exchange().expectStatus().isOk().expectBody(Long.class).isEqualTo(1L);
	}

	// @UseSession

	@Test
	void useSessionOnAControllerMethodOpensTheBind() {
		insert(second(), "in-second");
		insert(second(), "also-in-second");
		this.client.get().uri("/second/count").exchange().expectStatus().isOk().expectBody(Long.class).isEqualTo(2L);
	}

	@Test
	void useSessionHandlerCanUseTheFilterSessionToo() {
		insert(main(), "in-main");
		insert(second(), "in-second");
		insert(second(), "also-in-second");
		this.client.get().uri("/second/both").exchange()
			.expectStatus().isOk()
			.expectBody(new ParameterizedTypeReference<Map<String, Long>>() {
			})
			.isEqualTo(Map.of("sa_main", 1L, "sa_second", 2L));
	}

	@Test
	void useSessionOnAControllerClassOpensTheBind() {
		insert(second(), "in-second");
		this.client.get().uri("/class-level/count").exchange().expectStatus().isOk().expectBody(Long.class).isEqualTo(1L);
	}

	@Test
	void useSessionOnAServiceMethodJoinsTheRequest() {
		insert(second(), "in-second");
		this.client.get().uri("/second/via-service").exchange().expectStatus().isOk().expectBody(Long.class).isEqualTo(1L);
	}

	@Test
	void useSessionOnAServiceMethodOutsideARequestOpensAndClosesItsOwnSession() {
		insert(second(), "in-second");
		StepVerifier.create(this.secondService.countSecond()).expectNext(1L).verifyComplete();
		assertThat(acquired("sa_second")).isZero();
	}

	// @UseSession on an annotated handler inside a bind's paths fails the startup
	// (ReactiveSessionsWebAutoConfigurationTests); a functional route finds out per request.

	@Test
	void functionalRouteFunctionHandlerOpensTheBind() {
		insert(second(), "in-second");
		this.client.get().uri("/fn/second").exchange().expectStatus().isOk().expectBody(Long.class).isEqualTo(1L);
	}

	@Test
	void functionalRouteClassHandlerOpensTheBind() {
		insert(second(), "in-second");
		this.client.get().uri("/fn/class-handler").exchange().expectStatus().isOk().expectBody(Long.class).isEqualTo(1L);
	}

	@Test
	void functionalRouteOpeningAFilterKeyFails() {
		this.client.get().uri("/fn/main").exchange()
			.expectStatus().is5xxServerError()
			.expectBody().jsonPath("$.message").value((String message) -> assertThat(message)
				.startsWith("The session of bind 'sa_main' is already open for this request"));
	}

	// commit-on-success

	@Test
	void commitOnSuccessCommitsA2xx() {
		this.client.post().uri("/commit/people?name=ann").exchange().expectStatus().isCreated();
		assertThat(names(main())).containsExactly("ann");
	}

	@Test
	void readThenWriteInOneRequestReadsOutsideTheTransactionWhereTheDatabaseAllowsIt() {
		this.client.post().uri("/commit/people/after-read?name=ann").exchange()
			.expectStatus().isOk()
			.expectBody(String.class)
			.isEqualTo("read in a transaction: " + !autocommitReadsByDefault() + ", write in a transaction: true");
		assertThat(names(main())).containsExactly("ann");
	}

	@Test
	void commitOnSuccessCommitsAHandlerWithoutBody() {
		this.client.post().uri("/commit/people/quiet?name=quiet").exchange().expectStatus().isNoContent();
		assertThat(names(main())).containsExactly("quiet");
	}

	@Test
	void commitOnSuccessRollsBackA4xx() {
		this.client.post().uri("/commit/people?name=ann&status=409").exchange().expectStatus().isEqualTo(409);
		assertThat(names(main())).isEmpty();
	}

	@Test
	void commitOnSuccessRollsBackWhenTheHandlerFails() {
		this.client.post().uri("/commit/people/throw?name=ann").exchange().expectStatus().is5xxServerError();
		assertThat(names(main())).isEmpty();
	}

	@Test
	void sessionThatGetsNoConnectionIsA503NamingItsKeyAndReturnsWhatItHeld() {
		// The pool's one connection is opened first, so that the 503 below comes from the
		// second session waiting for it, not from a slow first connect.
		this.client.get().uri("/tiny/count").exchange().expectStatus().isOk();
		this.client.get().uri("/tiny/two-sessions").exchange()
			.expectStatus().isEqualTo(503)
			.expectHeader().valueEquals("Retry-After", "5")
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody(String.class)
			.value((body) -> assertThat(body).contains("Session 'sa_tiny' got no connection")
				.contains("\"bind\":\"sa_tiny\""));
		await().atMost(Duration.ofSeconds(5)).until(() -> acquired("sa_tiny") == 0);
		this.client.get().uri("/tiny/count").exchange().expectStatus().isOk().expectBody(Long.class).isEqualTo(0L);
	}

	@Test
	void commitThatFailsOnADuplicateKeyIsA409ProblemDetailAndNoRow() {
		insert(main(), "taken");
		this.client.post().uri("/commit/people/two?first=fresh&second=taken").exchange()
			.expectStatus().isEqualTo(409)
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody().jsonPath("$.sqlState").value((state) -> assertThat((String) state).startsWith("23"));
		assertThat(names(main())).containsExactly("taken");
	}

	// Lifecycle

	@Test
	void streamedBodyReadsThroughTheSessionUntilTheLastElement() {
		for (int i = 0; i < 30; i++) {
			insert(main(), "p%02d".formatted(i));
		}
		List<String> names = this.client.get().uri("/people/stream").accept(MediaType.APPLICATION_NDJSON).exchange()
			.expectStatus().isOk()
			.returnResult(Person.class)
			.getResponseBody()
			.map(Person::getName)
			.collectList()
			.block(Duration.ofSeconds(10));
		assertThat(names).hasSize(30).startsWith("p00").endsWith("p29");
	}

	@Test
	void clientThatDisconnectsMidRequestLeavesNoRowAndNoConnection() {
		WebClient webClient = WebClient.create("http://localhost:" + this.port);
		Disposable request = webClient.post().uri("/people/begin-slow?name=gone").retrieve().bodyToMono(String.class)
			.subscribe();
		await().atMost(Duration.ofSeconds(5)).until(() -> acquired("sa_main") == 1);
		request.dispose();
		await().atMost(Duration.ofSeconds(5)).until(() -> acquired("sa_main") == 0);
		assertThat(names(main())).isEmpty();
	}

	// Spring transactions

	@Test
	void repositoryAndSessionInsideOneBeginRollBackTogether() {
		this.client.post().uri("/join/rollback").exchange().expectStatus().is5xxServerError();
		assertThat(names(main())).isEmpty();
	}

	@Test
	void transactionalServiceInsideBeginRunsOnTheSessionConnection() {
		this.client.get().uri("/join/connection-ids").exchange()
			.expectStatus().isOk()
			.expectBody(new ParameterizedTypeReference<List<String>>() {
			})
			.value((ids) -> assertThat(ids).hasSize(2).satisfies((both) -> assertThat(both.get(1)).isEqualTo(both.get(0))));
	}

	@Test
	void sessionOpenedInsideTransactionalJoinsIt() {
		this.client.post().uri("/join/inside-transactional?fail=true").exchange().expectStatus().is5xxServerError();
		assertThat(names(main())).isEmpty();
		this.client.post().uri("/join/inside-transactional?fail=false").exchange().expectStatus().isOk();
		assertThat(names(main())).containsExactly("inside-transactional");
	}

	/**
	 * What a cancelled Spring transaction leaves racing: its rollback is sent while a
	 * statement of the flow is still on its way, which then reaches the connection after
	 * the ROLLBACK. The bind's connection refuses it instead of running it in autocommit.
	 */
	@Test
	void statementReachingItsConnectionAfterTheRollbackIsRefusedNotCommitted() {
		StepVerifier.create(onMainConnection((connection) -> {
			Publisher<? extends Result> late = insert(connection, "late").execute();
			return Mono.from(connection.beginTransaction())
				.then(Mono.from(connection.rollbackTransaction()))
				.then(rowsUpdated(late));
		}))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("after its transaction was rolled back"))
			.verify(Duration.ofSeconds(10));
		assertThat(names(main())).isEmpty();
		StepVerifier.create(onMainConnection((connection) -> rowsUpdated(insert(connection, "autocommit").execute())))
			.verifyComplete();
		assertThat(names(main())).as("a connection outside any transaction runs its statements")
			.containsExactly("autocommit");
	}

	/**
	 * r2dbc-postgresql sends a statement with bound values only when its result is
	 * consumed: a result consumed after the rollback is refused too.
	 */
	@Test
	void resultConsumedAfterTheRollbackIsRefusedNotCommitted() {
		StepVerifier.create(onMainConnection((connection) -> Mono.from(connection.beginTransaction())
			.then(Mono.from(insertBound(connection, "bound").execute()))
			.flatMap((result) -> Mono.from(connection.rollbackTransaction())
				.then(Mono.from(result.getRowsUpdated())))
			.then()))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("after its transaction was rolled back"))
			.verify(Duration.ofSeconds(10));
		assertThat(names(main())).isEmpty();
	}

	/**
	 * A released connection stays closed to statements, even after a begin the pool refuses.
	 */
	@Test
	void statementReachingAReleasedConnectionIsRefused() {
		Connection connection = Mono.from(this.binds.connectionFactory("sa_main").create()).block(Duration.ofSeconds(10));
		Publisher<? extends Result> late = insert(connection, "late").execute();
		Mono.from(connection.close()).block(Duration.ofSeconds(10));
		StepVerifier.create(Mono.from(connection.beginTransaction())).expectError().verify(Duration.ofSeconds(10));
		StepVerifier.create(rowsUpdated(late))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("after the connection went back to the pool"))
			.verify(Duration.ofSeconds(10));
		assertThat(names(main())).isEmpty();
	}

	/**
	 * Spring's afterCommit callbacks may run statements on the connection once its
	 * transaction has committed, in autocommit: they are not refused.
	 */
	@Test
	void statementAfterTheCommitRunsInAutocommit() {
		StepVerifier.create(onMainConnection((connection) -> Mono.from(connection.beginTransaction())
			.then(Mono.from(connection.commitTransaction()))
			.then(rowsUpdated(insert(connection, "after-commit").execute()))))
			.verifyComplete();
		assertThat(names(main())).containsExactly("after-commit");
	}

	// Helpers

	private Mono<Void> onMainConnection(Function<Connection, Mono<Void>> work) {
		return Mono.usingWhen(this.binds.connectionFactory("sa_main").create(), work, Connection::close);
	}

	private static Statement insert(Connection connection, String name) {
		return connection.createStatement("INSERT INTO person (name, age) VALUES ('" + name + "', 1)");
	}

	/**
	 * An INSERT of a person whose name is a bound value, in the bind markers of the database.
	 */
	private Statement insertBound(Connection connection, String name) {
		String marker = "mysql".equals(main().name()) ? "?" : "$1";
		return connection.createStatement("INSERT INTO person (name, age) VALUES (" + marker + ", 1)").bind(0, name);
	}

	private static Mono<Void> rowsUpdated(Publisher<? extends Result> execution) {
		return Flux.from(execution).flatMap(Result::getRowsUpdated).then();
	}

	private void assertAttributes(String uri, String... keys) {
		this.client.get().uri(uri).exchange()
			.expectStatus().isOk()
			.expectBody(new ParameterizedTypeReference<List<String>>() {
			})
			.value((found) -> assertThat(found).containsExactlyInAnyOrder(keys));
	}

	private ConnectionPool pool(String key) {
		return (ConnectionPool) this.binds.connectionFactory(key);
	}

	private int acquired(String key) {
		return pool(key).getMetrics().orElseThrow().acquiredSize();
	}

	private static void insert(TestDatabase database, String name) {
		Sql.execute(database.connectionFactory(), "INSERT INTO person (name, age) VALUES ('" + name + "', 1)");
	}

	private static List<String> names(TestDatabase database) {
		return Sql.strings(database.connectionFactory(), "SELECT name FROM person ORDER BY name");
	}

	private TestDatabase main() {
		return this.databases.main();
	}

	private TestDatabase second() {
		return this.databases.second();
	}

}
