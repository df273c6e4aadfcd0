package io.github.reactivesessions.kotlin

import io.github.reactivesessions.bind.Binds
import io.github.reactivesessions.session.BeginOptions
import io.github.reactivesessions.session.ReactiveSessionFactory
import io.github.reactivesessions.session.TransactionRetry
import io.github.reactivesessions.testsupport.Person
import io.github.reactivesessions.testsupport.Sql
import io.github.reactivesessions.testsupport.TestDatabase
import io.github.reactivesessions.testsupport.TestDatabases
import io.github.reactivesessions.web.SessionNotFoundException
import io.r2dbc.pool.ConnectionPool
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.flow.flowOf
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.assertj.core.api.Assertions.assertThat
import org.assertj.core.api.Assertions.assertThatExceptionOfType
import org.awaitility.Awaitility.await
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.springframework.beans.factory.annotation.Autowired
import org.springframework.boot.test.context.SpringBootTest
import org.springframework.boot.test.web.server.LocalServerPort
import org.springframework.data.domain.Sort
import org.springframework.data.relational.core.query.Criteria
import org.springframework.data.relational.core.query.Query
import org.springframework.data.relational.core.query.Update
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient
import org.springframework.http.MediaType
import org.springframework.test.annotation.DirtiesContext
import org.springframework.test.context.DynamicPropertyRegistry
import org.springframework.test.context.DynamicPropertySource
import org.springframework.test.web.reactive.server.WebTestClient
import org.springframework.test.web.reactive.server.expectBody
import org.springframework.test.web.reactive.server.expectBodyList
import org.springframework.web.reactive.function.client.WebClient
import reactor.core.publisher.Flux
import java.net.InetSocketAddress
import java.net.Socket
import java.nio.charset.StandardCharsets
import java.time.Duration

/**
 * Suspend handlers, `@UseSession` on suspend and Flow functions and `coRouter` routes through
 * the real filter chain, written once and run against every database by a subclass that
 * names the [TestDatabases] initializer.
 *
 * Binds: `sa_main` (the web filter, every path) and `sa_second` (middleware=false, the
 * second database, opened by `@UseSession("sa_second")` and the coRouter filter).
 */
@SpringBootTest(classes = [KotlinTestApplication::class], webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@DirtiesContext
abstract class KotlinSessionsSuite {

	@Autowired
	private lateinit var client: WebTestClient

	@Autowired
	private lateinit var binds: Binds

	@Autowired
	private lateinit var databases: TestDatabases

	@Autowired
	private lateinit var people: PeopleService

	@Autowired
	private lateinit var secondCounter: SecondCounter

	@LocalServerPort
	private var port: Int = 0

	companion object {

		@JvmStatic
		@DynamicPropertySource
		fun binds(registry: DynamicPropertyRegistry) {
			registry.add("sa.binds.sa_main.url") { TestDatabases.MAIN_URL }
			registry.add("sa.binds.sa_second.url") { TestDatabases.SECOND_URL }
			registry.add("sa.binds.sa_second.middleware") { "false" }
			registry.add("sa.binds.sa_main.pool.max-size") { "4" }
			registry.add("sa.binds.sa_second.pool.max-size") { "4" }
			registry.add("spring.web.error.include-message") { "always" }
		}

	}

	@BeforeEach
	fun createTables() {
		Sql.execute(main().connectionFactory(), "DROP TABLE IF EXISTS person", Person.ddl(main()))
		Sql.execute(second().connectionFactory(), "DROP TABLE IF EXISTS person", Person.ddl(second()))
	}

	@AfterEach
	fun dropTables() {
		for (key in this.binds.keys()) {
			await().atMost(Duration.ofSeconds(5)).until { acquired(key) == 0 }
		}
		Sql.execute(main().connectionFactory(), "DROP TABLE person")
		Sql.execute(second().connectionFactory(), "DROP TABLE person")
	}

	// Suspend handlers on the filter's session

	@Test
	fun suspendHandlerGetsTheFiltersSessionAsAParameter() {
		val added = this.client.post().uri("/people?name=ann").exchange()
			.expectStatus().isOk
			.expectBody<Person>().returnResult().responseBody!!
		assertThat(names(main())).containsExactly("ann")
		this.client.get().uri("/people/{id}", added.id).exchange()
			.expectStatus().isOk
			.expectBody().jsonPath("$.name").isEqualTo("ann")
		this.client.get().uri("/people/{id}", added.id!! + 1000).exchange().expectStatus().isNotFound
	}

	@Test
	fun currentSessionFindsTheRequestsSessionInsideTheHandlersCoroutine() {
		insert(main(), "ann")
		insert(main(), "bob")
		this.client.get().uri("/people/count").exchange()
			.expectStatus().isOk
			.expectBody<Long>().isEqualTo(2)
	}

	@Test
	fun flowResponseStreamsTheRowsOfTheFiltersSession() {
		insert(main(), "bob")
		insert(main(), "ann")
		val people = this.client.get().uri("/people").accept(MediaType.APPLICATION_NDJSON).exchange()
			.expectStatus().isOk
			.expectBodyList<Person>().returnResult().responseBody!!
		assertThat(people.map { it.name }).containsExactly("ann", "bob")
	}

	// @UseSession on suspend handlers

	@Test
	fun useSessionOnASuspendHandlerOpensItsBindForTheCall() {
		this.client.post().uri("/second/people?name=cid").exchange()
			.expectStatus().isOk
			.expectBody().jsonPath("$.name").isEqualTo("cid")
		assertThat(names(second())).containsExactly("cid")
		assertThat(names(main())).isEmpty()
		this.client.get().uri("/second/people/count").exchange()
			.expectStatus().isOk
			.expectBody<Long>().isEqualTo(1)
	}

	@Test
	fun suspendHandlerThatThrowsRollsItsTransactionBack() {
		this.client.post().uri("/second/people/failing?name=dan").exchange()
			.expectStatus().is5xxServerError
			.expectBody().jsonPath("$.message").isEqualTo("The handler failed after its flush")
		await().atMost(Duration.ofSeconds(5)).until { acquired("sa_second") == 0 }
		assertThat(names(second())).isEmpty()
	}

	@Test
	fun clientThatResetsDuringASuspendHandlerRollsItBackAndReturnsTheConnection() {
		this.people.held = CompletableDeferred()
		Socket().use { socket ->
			socket.connect(InetSocketAddress("127.0.0.1", this.port))
			// A response that never comes fails the test instead of hanging it.
			socket.soTimeout = 10_000
			socket.getOutputStream().write(("POST /service/second/held?name=eve HTTP/1.1\r\nHost: localhost\r\n"
					+ "Content-Length: 0\r\n\r\n").toByteArray(StandardCharsets.US_ASCII))
			socket.getOutputStream().flush()
			runBlocking { withTimeout(10_000) { people.held.await() } }
			assertThat(acquired("sa_second")).isEqualTo(1)
			socket.setSoLinger(true, 0)
		}
		await().atMost(Duration.ofSeconds(10)).until { acquired("sa_second") == 0 }
		assertThat(names(second())).isEmpty()
		assertThat(openTransactions()).isZero()
	}

	@Test
	fun clientThatResetsDuringAFlowResponseClosesTheUseSessionOfTheFlow() {
		insert(second(), "ann")
		Socket().use { socket ->
			socket.connect(InetSocketAddress("127.0.0.1", this.port))
			// A response that never comes fails the test instead of hanging it.
			socket.soTimeout = 10_000
			socket.getOutputStream().write("GET /service/second/names-then-hold?name=gus HTTP/1.1\r\nHost: localhost\r\n\r\n"
				.toByteArray(StandardCharsets.US_ASCII))
			val response = socket.getInputStream().bufferedReader(StandardCharsets.US_ASCII)
			while (response.readLine() != "flushed") {
				// The status line, the headers, the names and the chunk sizes before them.
			}
			// The flow waits after its flush: its session holds the transaction while the
			// stream is open.
			assertThat(acquired("sa_second")).isEqualTo(1)
			socket.setSoLinger(true, 0)
		}
		await().atMost(Duration.ofSeconds(10)).until { acquired("sa_second") == 0 }
		assertThat(names(second())).containsExactly("ann")
		assertThat(openTransactions()).isZero()
	}

	@Test
	fun severalRoutesAtOnceEachGetTheirSessions() {
		insert(main(), "ann")
		val client = WebClient.create("http://127.0.0.1:${this.port}")
		val uris = listOf("/people/count", "/second/people/count", "/co/second/count", "/service/second/count",
				"/co/people/count")
		val statuses = Flux.range(0, 300)
			.flatMap({ i ->
				val request = if (i % 6 == 5) client.post().uri("/second/people?name=n$i") else client.get().uri(uris[i % 5])
				request.exchangeToMono { it.releaseBody().thenReturn(it.statusCode().value()) }
			}, 32)
			.collectList()
			.block(Duration.ofSeconds(60))!!
		assertThat(statuses).hasSize(300).containsOnly(200)
		assertThat(names(second())).hasSize(50)
		await().atMost(Duration.ofSeconds(5)).until { acquired("sa_main") == 0 && acquired("sa_second") == 0 }
	}

	// @UseSession on suspend and Flow functions of a service

	@Test
	fun useSessionOnASuspendServiceMethodOpensASessionOutsideARequest() {
		insert(second(), "ann")
		val count = runBlocking { people.countSecond() }
		assertThat(count).isEqualTo(1)
		assertThat(acquired("sa_second")).isZero()
	}

	@Test
	fun useSessionOnAKotlinClassAppliesToItsSuspendFunctions() {
		insert(second(), "ann")
		assertThat(runBlocking { secondCounter.count() }).isEqualTo(1)
		assertThat(acquired("sa_second")).isZero()
	}

	@Test
	fun useSessionOnASuspendServiceMethodJoinsTheRequestsScope() {
		insert(second(), "ann")
		insert(second(), "bob")
		this.client.get().uri("/service/second/count").exchange()
			.expectStatus().isOk
			.expectBody<Long>().isEqualTo(2)
	}

	@Test
	fun flowOfAUseSessionFunctionClosesTheSessionWhenItEnds() {
		insert(second(), "bob")
		insert(second(), "ann")
		val names = runBlocking { people.secondNames().toList() }
		assertThat(names).containsExactly("ann", "bob")
		assertThat(acquired("sa_second")).isZero()
		this.client.get().uri("/service/second/names").exchange()
			.expectStatus().isOk
			.expectBody<String>().isEqualTo("ann\nbob\n")
	}

	@Test
	fun flowOfAUseSessionFunctionCollectedInPartClosesTheSession() {
		for (name in listOf("ann", "bob", "cid", "dan")) {
			insert(second(), name)
		}
		val names = runBlocking { people.secondNames().take(1).toList() }
		assertThat(names).containsExactly("ann")
		await().atMost(Duration.ofSeconds(5)).until { acquired("sa_second") == 0 }
	}

	@Test
	fun cancelledCoroutineRollsBackAndReturnsTheConnection() {
		this.people.held = CompletableDeferred()
		runBlocking {
			val call = launch { people.addAndHold("fay") }
			withTimeout(10_000) { people.held.await() }
			assertThat(acquired("sa_second")).isEqualTo(1)
			call.cancelAndJoin()
		}
		await().atMost(Duration.ofSeconds(5)).until { acquired("sa_second") == 0 }
		assertThat(names(second())).isEmpty()
		assertThat(openTransactions()).isZero()
	}

	@Test
	fun currentSessionOutsideAnyScopeFailsNamingTheKey() {
		assertThatExceptionOfType(SessionNotFoundException::class.java)
			.isThrownBy { runBlocking { currentSession("sa_second") } }
			.withMessageContaining("sa_second")
	}

	// coRouter { }

	@Test
	fun coRouterHandlerReadsTheFiltersSession() {
		insert(main(), "ann")
		this.client.get().uri("/co/people/count").exchange()
			.expectStatus().isOk
			.expectBody<Long>().isEqualTo(1)
	}

	@Test
	fun useSessionInACoRouterNestOpensTheBindForItsRoutes() {
		insert(second(), "ann")
		insert(second(), "bob")
		this.client.get().uri("/co/second/count").exchange()
			.expectStatus().isOk
			.expectBody<Long>().isEqualTo(2)
		this.client.get().uri("/co/second/current-count").exchange()
			.expectStatus().isOk
			.expectBody<Long>().isEqualTo(2)
		// Closed when the exchange ends, which can be just after the client has the response.
		await().atMost(Duration.ofSeconds(5)).until { acquired("sa_second") == 0 }
	}

	@Test
	fun coRouterRouteOutsideTheUseSessionNestHasNoSessionOfTheBind() {
		this.client.get().uri("/co/second-without-filter").exchange()
			.expectStatus().is5xxServerError
			.expectBody().jsonPath("$.message").value<String> { message ->
				assertThat(message).startsWith("The session of bind 'sa_second' is not open")
			}
	}

	// The extensions, on a session of the factory

	@Test
	fun awaitBeginCommitsWhatItsWorkAddedAndReturnsItsValue() {
		val id = runBlocking {
			factory().awaitWithSession { session ->
				session.awaitBegin { it.add(Person("ann", 30)) }.id
			}
		}
		assertThat(names(main())).containsExactly("ann")
		val loaded = runBlocking { factory().awaitWithSession { it.awaitGet<Person>(id!!) } }
		assertThat(loaded!!.name).isEqualTo("ann")
		assertThat(runBlocking { factory().awaitWithSession { it.awaitGet<Person>(id!! + 1000) } }).isNull()
	}

	@Test
	fun awaitBeginRollsBackWhenItsWorkThrows() {
		assertThatExceptionOfType(IllegalStateException::class.java).isThrownBy {
			runBlocking {
				factory().awaitWithSession { session ->
					session.awaitBegin {
						it.add(Person("ann", 30))
						it.awaitFlush()
						throw IllegalStateException("work failed")
					}
				}
			}
		}.withMessage("work failed")
		assertThat(names(main())).isEmpty()
	}

	@Test
	fun awaitBeginOfWorkReturningNullCommitsAndReturnsNull() {
		val result: String? = runBlocking {
			factory().awaitWithSession { session ->
				session.awaitBegin {
					it.add(Person("ann", 30))
					null
				}
			}
		}
		assertThat(result).isNull()
		assertThat(names(main())).containsExactly("ann")
	}

	@Test
	fun awaitBeginNestedRollsBackToItsSavepointOnly() {
		runBlocking {
			factory().awaitWithSession { session ->
				session.awaitBegin { outer ->
					outer.add(Person("ann", 30))
					try {
						outer.awaitBeginNested {
							it.add(Person("bob", 31))
							it.awaitFlush()
							throw IllegalArgumentException("inner failed")
						}
					}
					catch (ex: IllegalArgumentException) {
						// The savepoint is rolled back; the outer block goes on.
					}
				}
			}
		}
		assertThat(names(main())).containsExactly("ann")
	}

	@Test
	fun awaitBeginWithRetryRunsItsWorkAgainOnATransientFailure() {
		var attempts = 0
		val name = runBlocking {
			factory().awaitWithSession { session ->
				session.awaitBegin(BeginOptions.defaults().retry(TransactionRetry.attempts(3)
					.alsoRetryOn { it is IllegalStateException })) {
					attempts++
					it.add(Person("try$attempts", 30))
					it.awaitFlush()
					check(attempts > 1) { "first attempt fails" }
					"try$attempts"
				}
			}
		}
		assertThat(name).isEqualTo("try2")
		assertThat(attempts).isEqualTo(2)
		assertThat(names(main())).containsExactly("try2")
	}

	@Test
	fun selectCountUpdateDeleteAndRefreshAsCoroutines() {
		for (name in listOf("cid", "ann", "bob")) {
			insert(main(), name)
		}
		runBlocking {
			factory().awaitWithSession { session ->
				val byName = Query.empty().sort(Sort.by("name"))
				assertThat(session.select<Person>(byName).toList().map { it.name }).containsExactly("ann", "bob", "cid")
				assertThat(session.awaitCount<Person>()).isEqualTo(3)
				val bob = session.awaitSelectOne<Person>(Query.query(Criteria.where("name").`is`("bob")))!!
				// Ends the reads' transaction on MySQL and MariaDB, where reads open one.
				session.awaitCommit()
				session.awaitBegin {
					assertThat(it.awaitUpdate<Person>(Query.query(Criteria.where("name").`is`("bob")),
							Update.update("age", 50))).isEqualTo(1)
					assertThat(it.awaitDelete<Person>(Query.query(Criteria.where("name").`is`("cid")))).isEqualTo(1)
				}
				assertThat(session.awaitRefresh(bob).age).isEqualTo(50)
			}
		}
		assertThat(names(main())).containsExactly("ann", "bob")
	}

	@Test
	fun awaitCommitAndAwaitRollbackEndTheSessionsTransaction() {
		runBlocking {
			val session = factory().openSession()
			try {
				session.add(Person("ann", 30))
				session.awaitCommit()
				session.add(Person("bob", 31))
				session.awaitFlush()
				session.awaitRollback()
			}
			finally {
				session.awaitClose()
			}
		}
		assertThat(names(main())).containsExactly("ann")
		assertThat(acquired("sa_main")).isZero()
	}

	@Test
	fun beginFlowCommitsWhenTheFlowCompletes() {
		val added = runBlocking {
			factory().awaitWithSession { session ->
				session.beginFlow { tx ->
					flowOf("ann", "bob").map { name -> tx.add(Person(name, 30)).name }
				}.toList()
			}
		}
		assertThat(added).containsExactly("ann", "bob")
		assertThat(names(main())).containsExactly("ann", "bob")
	}

	@Test
	fun cancelledAwaitBeginRollsBackAndReturnsTheConnection() {
		val flushed = CompletableDeferred<Unit>()
		runBlocking {
			val call = launch {
				factory().awaitWithSession { session ->
					session.awaitBegin {
						it.add(Person("ann", 30))
						it.awaitFlush()
						flushed.complete(Unit)
						awaitCancellation()
					}
				}
			}
			withTimeout(10_000) { flushed.await() }
			call.cancelAndJoin()
		}
		await().atMost(Duration.ofSeconds(5)).until { acquired("sa_main") == 0 }
		assertThat(names(main())).isEmpty()
		assertThat(openTransactions(main())).isZero()
	}

	private fun factory(): ReactiveSessionFactory = this.binds.sessionFactory("sa_main")

	private fun acquired(key: String): Int =
		(this.binds.connectionFactory(key) as ConnectionPool).metrics.orElseThrow().acquiredSize()

	/**
	 * Transactions the second database's server has open, as its test database counts them.
	 */
	private fun openTransactions(): Long = openTransactions(second())

	protected abstract fun openTransactions(database: TestDatabase): Long

	private fun main(): TestDatabase = this.databases.main()

	private fun second(): TestDatabase = this.databases.second()

	private fun insert(database: TestDatabase, name: String) {
		Sql.execute(database.connectionFactory(), "INSERT INTO person (name, age) VALUES ('$name', 1)")
	}

	private fun names(database: TestDatabase): List<String> =
		Sql.strings(database.connectionFactory(), "SELECT name FROM person ORDER BY name")

}
