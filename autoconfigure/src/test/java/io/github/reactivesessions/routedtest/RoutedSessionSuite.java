package io.github.reactivesessions.routedtest;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import io.github.reactivesessions.bind.Binds;
import io.github.reactivesessions.routedtest.claimed.Stamp;
import io.github.reactivesessions.session.PartialCommitException;
import io.github.reactivesessions.session.ReactiveSession;
import io.github.reactivesessions.session.RoutedSession;
import io.github.reactivesessions.session.WrongBindException;
import io.github.reactivesessions.testsupport.Sql;
import io.github.reactivesessions.testsupport.TestDatabase;
import io.github.reactivesessions.testsupport.TestDatabases;
import io.r2dbc.pool.ConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.data.relational.core.query.Query;
import org.springframework.data.relational.core.query.Update;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Entities that declare their binds, per-bind create-all and routed sessions, written once
 * and run against every database by a subclass naming its {@link TestDatabases}
 * initializer. {@code sa_main} is on the main database, {@code sa_second} on the second one;
 * {@link Shelf} names no bind, {@link Ledger} names {@code sa_second} with
 * {@code @BindKey}, and {@link Stamp} belongs to it by {@code entity-packages}.
 */
@SpringBootTest(classes = RoutedTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@DirtiesContext
abstract class RoutedSessionSuite {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@Autowired
	private Binds binds;

	@Autowired
	private TestDatabases databases;

	@Autowired
	private WebTestClient client;

	/**
	 * The statement that ends the server-side connection (session) of the given id.
	 */
	protected abstract String killConnection(Object connectionId);

	@DynamicPropertySource
	static void binds(DynamicPropertyRegistry registry) {
		registry.add("sa.binds.sa_main.url", () -> TestDatabases.MAIN_URL);
		registry.add("sa.binds.sa_main.init.create-all", () -> "true");
		registry.add("sa.binds.sa_second.url", () -> TestDatabases.SECOND_URL);
		registry.add("sa.binds.sa_second.init.create-all", () -> "true");
		registry.add("sa.binds.sa_second.entity-packages", () -> "io.github.reactivesessions.routedtest.claimed");
		registry.add("spring.web.error.include-message", () -> "always");
	}

	@BeforeEach
	void emptyTables() {
		Sql.execute(main().connectionFactory(), "DELETE FROM rt_shelf");
		Sql.execute(second().connectionFactory(), "DELETE FROM rt_ledger", "DELETE FROM rt_stamp");
	}

	@AfterEach
	void connectionsReturned() {
		for (String key : this.binds.keys()) {
			await().atMost(Duration.ofSeconds(5)).until(() -> acquired(key) == 0);
		}
	}

	// Per-bind create-all

	@Test
	void createAllCreatesOnlyTheTablesOfEachBindsOwnEntities() {
		assertThat(tables(main())).contains("rt_shelf").doesNotContain("rt_ledger", "rt_stamp");
		assertThat(tables(second())).contains("rt_ledger", "rt_stamp").doesNotContain("rt_shelf");
	}

	// Routing per entity

	@Test
	void routedSessionTakesEachEntityToItsBind() {
		RoutedSession routed = this.binds.openRoutedSession();
		routed.add(new Shelf("oak"));
		routed.add(new Ledger("paid"));
		routed.add(new Stamp("red"));
		assertThat(routed.keyOf(Shelf.class)).isEqualTo("sa_main");
		assertThat(routed.keyOf(Ledger.class)).isEqualTo("sa_second");
		assertThat(routed.keyOf(Stamp.class)).isEqualTo("sa_second");
		routed.commit().then(routed.close()).block(TIMEOUT);
		assertThat(Sql.strings(main().connectionFactory(), "SELECT label FROM rt_shelf")).containsExactly("oak");
		assertThat(Sql.strings(second().connectionFactory(), "SELECT entry FROM rt_ledger")).containsExactly("paid");
		assertThat(Sql.strings(second().connectionFactory(), "SELECT mark FROM rt_stamp")).containsExactly("red");
	}

	@Test
	void routedSessionStatementsRunOnTheEntitysBind() {
		Sql.execute(second().connectionFactory(), "INSERT INTO rt_ledger (entry) VALUES ('a')",
				"INSERT INTO rt_ledger (entry) VALUES ('b')");
		Sql.execute(main().connectionFactory(), "INSERT INTO rt_shelf (label) VALUES ('a')");
		Long[] results = this.binds.withRoutedSession((routed) -> Mono.zip(routed.count(Ledger.class, Query.empty()),
				routed.count(Shelf.class, Query.empty()),
				routed.update(Ledger.class, Query.query(Criteria.where("entry").is("a")), Update.update("entry", "c")),
				routed.delete(Shelf.class, Query.empty()))
			.flatMap((counts) -> routed.commit()
				.thenReturn(new Long[] { counts.getT1(), counts.getT2(), counts.getT3(), counts.getT4() })))
			.block(TIMEOUT);
		assertThat(results).containsExactly(2L, 1L, 1L, 1L);
		assertThat(Sql.strings(second().connectionFactory(), "SELECT entry FROM rt_ledger ORDER BY entry"))
			.containsExactly("b", "c");
		assertThat(Sql.count(main().connectionFactory(), "rt_shelf")).isZero();
	}

	@Test
	void routedSessionTakesABindsConnectionOnlyWhenAnEntityOfItIsUsed() {
		Sql.execute(main().connectionFactory(), "INSERT INTO rt_shelf (label) VALUES ('pine')");
		RoutedSession routed = this.binds.openRoutedSession();
		try {
			assertThat(routed.select(Shelf.class, Query.empty()).collectList().block(TIMEOUT)).hasSize(1);
			assertThat(routed.usedKeys()).containsExactly("sa_main");
			assertThat(acquired("sa_second")).isZero();
			assertThat(routed.count(Ledger.class, Query.empty()).block(TIMEOUT)).isZero();
			assertThat(routed.usedKeys()).containsExactly("sa_main", "sa_second");
		}
		finally {
			routed.close().block(TIMEOUT);
		}
	}

	// The shared identity map

	@Test
	void routedSessionSharesOneIdentityMapAcrossBinds() {
		RoutedSession routed = this.binds.openRoutedSession();
		try {
			Ledger ledger = routed.add(new Ledger("held"));
			Shelf shelf = routed.add(new Shelf("held"));
			routed.flush().block(TIMEOUT);
			assertThat(routed.contains(ledger)).isTrue();
			assertThat(routed.contains(shelf)).isTrue();
			assertThat(routed.get(Ledger.class, ledger.getId()).block(TIMEOUT)).isSameAs(ledger);
			assertThat(routed.get(Shelf.class, shelf.getId()).block(TIMEOUT)).isSameAs(shelf);
			assertThat(routed.select(Ledger.class, Query.empty()).collectList().block(TIMEOUT)).containsExactly(ledger);
			// The bind's own session is the one the routed session uses.
			assertThat(routed.session(Ledger.class).get(Ledger.class, ledger.getId()).block(TIMEOUT)).isSameAs(ledger);
			routed.expunge(ledger);
			assertThat(routed.contains(ledger)).isFalse();
			assertThat(routed.get(Ledger.class, ledger.getId()).block(TIMEOUT)).isNotSameAs(ledger);
		}
		finally {
			routed.close().block(TIMEOUT);
		}
		assertThat(Sql.count(second().connectionFactory(), "rt_ledger")).isZero();
	}

	// The wrong-bind error

	@Test
	void keyedSessionRefusesAnEntityOfAnotherBindAtOnce() {
		ReactiveSession main = this.binds.sessionFactory("sa_main").openSession();
		try {
			assertThatExceptionOfType(WrongBindException.class).isThrownBy(() -> main.add(new Ledger("x")))
				.withMessageStartingWith("Entity Ledger belongs to bind 'sa_second' (@BindKey(\"sa_second\") on "
						+ Ledger.class.getName() + "), but this session is of bind 'sa_main'")
				.satisfies((ex) -> assertThat(ex.getEntityKey()).isEqualTo("sa_second"));
			assertThatExceptionOfType(WrongBindException.class)
				.isThrownBy(() -> main.count(Stamp.class, Query.empty()).block(TIMEOUT))
				.withMessageContaining("belongs to bind 'sa_second' (sa.binds.sa_second.entity-packages "
						+ "(io.github.reactivesessions.routedtest.claimed))");
			assertThatExceptionOfType(WrongBindException.class)
				.isThrownBy(() -> main.get(Ledger.class, 1).block(TIMEOUT));
			assertThatExceptionOfType(WrongBindException.class)
				.isThrownBy(() -> main.select(Ledger.class, Query.query(Criteria.where("entry").is("x")))
					.blockFirst(TIMEOUT));
			assertThatExceptionOfType(WrongBindException.class)
				.isThrownBy(() -> main.delete(Ledger.class, Query.empty()).block(TIMEOUT));
			// Refused before any statement: no connection was taken.
			assertThat(main.inTransaction()).isFalse();
			assertThat(acquired("sa_main")).isZero();
		}
		finally {
			main.close().block(TIMEOUT);
		}
	}

	@Test
	void entityThatNamesNoBindMayBeUsedByAnyKeyedSession() {
		ReactiveSession second = this.binds.sessionFactory("sa_second").openSession();
		try {
			// Its table is not in the second database, so the database itself refuses.
			assertThat(second.add(new Shelf("anywhere"))).isNotNull();
			assertThat(second.flush().onErrorResume((ex) -> Mono.empty()).then(Mono.just(true)).block(TIMEOUT)).isTrue();
		}
		finally {
			second.close().block(TIMEOUT);
		}
	}

	@Test
	void wrongBindInARequestIsAServerErrorNamingTheEntitysBind() {
		this.client.post().uri("/routed/wrong-bind").exchange().expectStatus().is5xxServerError()
			.expectBody(String.class)
			.value((body) -> assertThat(body).contains("Entity Ledger belongs to bind 'sa_second'"));
	}

	// Commits, bind after bind

	@Test
	void commitFailingOnTheSecondBindLeavesTheFirstCommittedAndNamesTheBind() {
		RoutedSession routed = this.binds.openRoutedSession();
		try {
			routed.add(new Shelf("kept"));
			routed.add(new Ledger("lost"));
			routed.flush().block(TIMEOUT);
			kill(second(), routed.session(Ledger.class));
			// The driver notices the killed connection before it sends the COMMIT ("failed") or
			// while it is on its way ("outcome unknown"): either way sa_main's commit stands.
			assertThatExceptionOfType(PartialCommitException.class).isThrownBy(() -> routed.commit().block(TIMEOUT))
				.withMessageStartingWith("The commit of bind 'sa_second' ")
				.withMessageContaining(" after 'sa_main' committed: those commits stand")
				.satisfies((ex) -> {
					assertThat(ex.getCommittedKeys()).containsExactly("sa_main");
					assertThat(ex.getFailedKey()).isEqualTo("sa_second");
					assertThat(ex.getRolledBackKeys()).isEmpty();
				});
		}
		finally {
			routed.close().onErrorResume((ex) -> Mono.empty()).block(TIMEOUT);
		}
		assertThat(Sql.strings(main().connectionFactory(), "SELECT label FROM rt_shelf")).containsExactly("kept");
		assertThat(Sql.count(second().connectionFactory(), "rt_ledger")).isZero();
	}

	@Test
	void commitFailingOnTheFirstBindInBindOrderCommitsNothing() {
		RoutedSession routed = this.binds.openRoutedSession();
		try {
			// Used second-bind first: the commit follows the binds' order, not the order of use.
			routed.add(new Ledger("never"));
			routed.add(new Shelf("never"));
			routed.flush().block(TIMEOUT);
			kill(main(), routed.session(Shelf.class));
			Throwable error = catchThrowable(() -> routed.commit().block(TIMEOUT));
			assertThat(error).isNotNull();
			if (error instanceof PartialCommitException partial) {
				// The killed connection was noticed while the COMMIT was on its way: reported
				// as a possible partial commit, since sa_second was rolled back beside it.
				assertThat(partial.isFailedOutcomeUnknown()).isTrue();
				assertThat(partial.getCommittedKeys()).isEmpty();
				assertThat(partial.getFailedKey()).isEqualTo("sa_main");
				assertThat(partial.getRolledBackKeys()).containsExactly("sa_second");
			}
		}
		finally {
			routed.close().onErrorResume((ex) -> Mono.empty()).block(TIMEOUT);
		}
		assertThat(Sql.count(main().connectionFactory(), "rt_shelf")).isZero();
		assertThat(Sql.count(second().connectionFactory(), "rt_ledger")).isZero();
	}

	@Test
	void flushRefusedByOneBindRollsBackEveryBind() {
		RoutedSession routed = this.binds.openRoutedSession();
		try {
			// sa_main flushes first, and its insert is rolled back when sa_second refuses its own.
			routed.add(new Shelf("first"));
			routed.add(new Ledger("x".repeat(300)));
			assertThatExceptionOfType(RuntimeException.class).isThrownBy(() -> routed.commit().block(TIMEOUT))
				.isNotInstanceOf(PartialCommitException.class);
		}
		finally {
			routed.close().block(TIMEOUT);
		}
		assertThat(Sql.count(main().connectionFactory(), "rt_shelf")).isZero();
		assertThat(Sql.count(second().connectionFactory(), "rt_ledger")).isZero();
	}

	@Test
	void commitInsideABeginBlockOfOneBindIsRefusedBeforeAnythingIsCommitted() {
		RoutedSession routed = this.binds.openRoutedSession();
		try {
			routed.add(new Shelf("early"));
			assertThatExceptionOfType(IllegalStateException.class)
				.isThrownBy(() -> routed.session(Ledger.class).begin((second) -> {
					second.add(new Ledger("early"));
					return routed.commit();
				}).block(TIMEOUT))
				.withMessageStartingWith("The session of bind 'sa_second' is inside a begin block");
		}
		finally {
			routed.close().block(TIMEOUT);
		}
		assertThat(Sql.count(main().connectionFactory(), "rt_shelf")).isZero();
		assertThat(Sql.count(second().connectionFactory(), "rt_ledger")).isZero();
	}

	// Where keyed sessions are: handler parameters, ReactiveSessions, the request's sessions

	@Test
	void routedSessionHandlerParameterWritesEachEntityToItsBind() {
		this.client.post().uri("/routed?label=web").exchange().expectStatus().isOk().expectBody()
			.jsonPath("$.used").isEqualTo(List.of("sa_main", "sa_second"));
		assertThat(Sql.strings(main().connectionFactory(), "SELECT label FROM rt_shelf")).containsExactly("web");
		assertThat(Sql.strings(second().connectionFactory(), "SELECT entry FROM rt_ledger")).containsExactly("web");
	}

	@Test
	void routedSessionOfARequestSharesTheIdentityMapOfTheRequestsSessions() {
		Sql.execute(second().connectionFactory(), "INSERT INTO rt_ledger (entry) VALUES ('shared')");
		long id = Sql.queryLong(second().connectionFactory(), "SELECT id FROM rt_ledger");
		this.client.get().uri("/routed/ledgers/{id}/same", id).exchange().expectStatus().isOk()
			.expectBody(Boolean.class).isEqualTo(true);
	}

	@Test
	void currentRoutedSessionComesFromTheReactorContext() {
		this.client.get().uri("/routed/current").exchange().expectStatus().isOk().expectBody()
			.jsonPath("$").isEqualTo(List.of("sa_main", "sa_second"));
	}

	@Test
	void routedSessionOfAViewCountsEachEntityOnItsBind() {
		Sql.execute(second().connectionFactory(), "INSERT INTO rt_ledger (entry) VALUES ('v')");
		this.client.get().uri("/routed/view").exchange().expectStatus().isOk().expectBody()
			.jsonPath("$.shelves").isEqualTo(0)
			.jsonPath("$.ledgers").isEqualTo(1);
	}

	private void kill(TestDatabase database, ReactiveSession session) {
		Object id = session.sql(connectionIdQuery(database)).map((row) -> row.get(0)).one().block(TIMEOUT);
		Sql.execute(database.connectionFactory(), killConnection(id));
	}

	private static String connectionIdQuery(TestDatabase database) {
		return database.connectionIdQuery();
	}

	private static List<String> tables(TestDatabase database) {
		return Sql.strings(database.connectionFactory(), database.tableNamesQuery()).stream()
			.map((name) -> name.toLowerCase(Locale.ROOT))
			.toList();
	}

	private long acquired(String key) {
		return ((ConnectionPool) this.binds.connectionFactory(key)).getMetrics().orElseThrow().acquiredSize();
	}

	private TestDatabase main() {
		return this.databases.main();
	}

	private TestDatabase second() {
		return this.databases.second();
	}

}
