package io.github.reactivesessions.replicatest;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.reactivesessions.bind.Bind;
import io.github.reactivesessions.bind.Binds;
import io.github.reactivesessions.bind.ReplicaState;
import io.github.reactivesessions.session.BeginOptions;
import io.github.reactivesessions.session.ReactiveSession;
import io.github.reactivesessions.session.ReplicaWriteException;
import io.github.reactivesessions.testsupport.Sql;
import io.github.reactivesessions.testsupport.TestDatabases;
import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.ConnectionFactory;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.data.relational.core.query.Query;
import org.springframework.data.relational.core.query.Update;
import org.springframework.http.ResponseCookie;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.transaction.reactive.TransactionalOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The routing rules of read replicas, written once and run against every database by a
 * subclass naming its {@link TestDatabases} initializer. The replica of {@code sa_main} is
 * the second database, which holds other rows of {@code rp_item} than the primary (the
 * main database): what a request reads says where it read. {@code sa_spare} has the same
 * primary and two replicas, the first of which cannot be reached (a subclass gives its url
 * in {@code test.replicas.unreachable-url}). Lag is the business of
 * {@code PostgresStreamingReplicaIT}, on a real streaming replica.
 */
@SpringBootTest(classes = ReplicaTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
abstract class ReplicaRoutingSuite {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final ParameterizedTypeReference<Map<String, Object>> BODY = new ParameterizedTypeReference<>() {
	};

	@Autowired
	private Binds binds;

	@Autowired
	private TestDatabases databases;

	@Autowired
	private WebTestClient client;

	@Autowired
	private MeterRegistry meters;

	/**
	 * A query answering whether the current transaction is read-only (a true value), or
	 * {@code null} when the database has no read-only transactions (H2).
	 */
	protected abstract @Nullable String readOnlyQuery();

	/**
	 * The statement that ends the server-side connection (session) of the given id.
	 */
	protected abstract String killConnection(Object connectionId);

	@DynamicPropertySource
	static void binds(DynamicPropertyRegistry registry) {
		registry.add("sa.binds.sa_main.url", () -> TestDatabases.MAIN_URL);
		registry.add("sa.binds.sa_main.init.create-all", () -> "true");
		registry.add("sa.binds.sa_main.commit-on-success", () -> "true");
		registry.add("sa.binds.sa_main.replicas[0].name", () -> "copy");
		registry.add("sa.binds.sa_main.replicas[0].url", () -> TestDatabases.SECOND_URL);
		registry.add("sa.binds.sa_main.replica-reads.read-your-writes", () -> "2s");
		registry.add("sa.binds.sa_main.replica-reads.check-interval", () -> "0s");
		registry.add("sa.binds.sa_spare.url", () -> TestDatabases.MAIN_URL);
		registry.add("sa.binds.sa_spare.middleware", () -> "false");
		registry.add("sa.binds.sa_spare.pool.max-acquire-time", () -> "3s");
		registry.add("sa.binds.sa_spare.replicas[0].url", () -> "${test.replicas.unreachable-url}");
		registry.add("sa.binds.sa_spare.replicas[1].url", () -> TestDatabases.SECOND_URL);
		registry.add("sa.binds.sa_spare.replica-reads.check-interval", () -> "0s");
		registry.add("management.endpoints.web.exposure.include", () -> "health");
		registry.add("management.endpoint.health.show-details", () -> "always");
		registry.add("management.endpoint.health.show-components", () -> "always");
		registry.add("spring.web.error.include-message", () -> "always");
	}

	@BeforeEach
	void rowsOnEachSide() {
		Sql.execute(primary(), "DELETE FROM rp_item", "INSERT INTO rp_item (label) VALUES ('on-primary')");
		Sql.execute(replica(), "CREATE TABLE IF NOT EXISTS rp_item (id BIGINT PRIMARY KEY, label VARCHAR(100))",
				"DELETE FROM rp_item", "INSERT INTO rp_item (id, label) VALUES (1, 'on-replica')");
		// A test that broke a replica's connection leaves it skipped: checks are off here.
		this.binds.bind("sa_main").replicas().check().block(TIMEOUT);
	}

	@AfterEach
	void connectionsReturned() {
		for (String key : this.binds.keys()) {
			await().atMost(Duration.ofSeconds(5)).until(() -> acquired(key) == 0);
		}
	}

	// The method of the request

	@Test
	void safeMethodRequestReadsOnAReplicaInAReadOnlyTransaction() {
		assertThat(get("/items")).containsEntry("labels", List.of("on-replica")).containsEntry("on", "copy");
		String query = readOnlyQuery();
		if (query != null) {
			String readOnly = this.client.get()
				.uri((uri) -> uri.path("/items/read-only").queryParam("query", query).build())
				.exchange()
				.expectStatus().isOk()
				.expectBody(String.class).returnResult().getResponseBody();
			assertThat(readOnly).isIn("1", "true", "on");
		}
		assertThat(this.client.head().uri("/items").exchange().expectStatus().isOk());
	}

	@Test
	void unsafeMethodRequestReadsOnThePrimary() {
		assertThat(post("/items/read")).containsEntry("labels", List.of("on-primary")).containsEntry("on", "primary");
	}

	@Test
	void beginBlockOfAnUnsafeRequestRunsOnThePrimary() {
		this.client.post().uri("/items/begin?label=in-block").exchange().expectStatus().isOk();
		assertThat(labels(primary())).containsExactly("in-block", "on-primary");
		assertThat(labels(replica())).containsExactly("on-replica");
	}

	@Test
	void beginBlockOfASafeRequestRunsOnThePrimaryUnlessReadOnly() {
		this.client.get().uri("/items/begin?label=in-block").exchange().expectStatus().isOk();
		assertThat(labels(primary())).containsExactly("in-block", "on-primary");
		assertThat(labels(replica())).containsExactly("on-replica");
		assertThat(get("/items/begin-read")).containsEntry("labels", List.of("on-replica")).containsEntry("on", "copy");
	}

	// Writes

	@Test
	void writeInASafeRequestMovesTheSessionToThePrimary() {
		Map<String, Object> body = get("/items/add?label=written");
		assertThat(body).containsEntry("labels", List.of("on-primary", "written")).containsEntry("on", "primary");
		assertThat(labels(primary())).containsExactly("on-primary", "written");
		assertThat(labels(replica())).containsExactly("on-replica");
	}

	@Test
	void updateDeleteAndSqlWritesOfAReplicaSessionRunOnThePrimary() {
		Bind main = this.binds.bind("sa_main");
		ReactiveSession session = main.replicas().openSession();
		try {
			assertThat(session.count(Item.class, Query.empty()).block(TIMEOUT)).isOne();
			assertThat(session.replica()).isEqualTo("copy");
			Query primaryRow = Query.query(Criteria.where("label").is("on-primary"));
			assertThat(session.update(Item.class, primaryRow, Update.update("label", "updated")).block(TIMEOUT))
				.isOne();
			assertThat(session.replica()).isNull();
			session.sql("INSERT INTO rp_item (label) VALUES ('by-sql')").then().block(TIMEOUT);
			assertThat(session.delete(Item.class, Query.query(Criteria.where("label").is("updated"))).block(TIMEOUT))
				.isOne();
			session.commit().block(TIMEOUT);
		}
		finally {
			session.close().block(TIMEOUT);
		}
		assertThat(labels(primary())).containsExactly("by-sql");
		assertThat(labels(replica())).containsExactly("on-replica");
	}

	@Test
	void writeInsideAReadOnlyBeginBlockOnAReplicaFailsNamingHowToRouteIt() {
		String body = this.client.get()
			.uri("/items/begin-write?label=refused")
			.exchange()
			.expectStatus().is5xxServerError()
			.expectBody(String.class).returnResult().getResponseBody();
		assertThat(body).contains("replica 'copy'", "readOnly()", "usePrimary()", "@ReadsOn(Role.PRIMARY)");
		ReactiveSession session = this.binds.bind("sa_main").replicas().openSession();
		try {
			assertThatExceptionOfType(ReplicaWriteException.class)
				.isThrownBy(() -> session.begin(BeginOptions.defaults().readOnly(), (tx) -> {
					tx.add(new Item("refused"));
					return tx.flush();
				}).block(TIMEOUT))
				.satisfies((ex) -> {
					assertThat(ex.getKey()).isEqualTo("sa_main");
					assertThat(ex.getReplica()).isEqualTo("copy");
				});
		}
		finally {
			session.close().block(TIMEOUT);
		}
		assertThat(labels(primary())).containsExactly("on-primary");
		assertThat(labels(replica())).containsExactly("on-replica");
	}

	@Test
	void writeAfterTheReplicasConnectionWasKilledRunsOnThePrimary() {
		ReactiveSession session = this.binds.bind("sa_main").replicas().openSession();
		try {
			Object id = session.sql(this.databases.second().connectionIdQuery()).map((row) -> row.get(0)).one()
				.block(TIMEOUT);
			assertThat(session.replica()).isEqualTo("copy");
			Sql.execute(replica(), killConnection(id));
			// Ending the replica's read-only transaction fails: nothing was written there,
			// so the write goes on to the primary.
			session.add(new Item("after-kill"));
			session.commit().block(TIMEOUT);
			assertThat(session.replica()).isNull();
		}
		finally {
			session.close().block(TIMEOUT);
		}
		assertThat(labels(primary())).containsExactly("after-kill", "on-primary");
	}

	@Test
	void commitOfASessionThatOnlyReadOnAReplicaTakesNoPrimaryConnection() {
		double primaryBefore = acquiredCount("primary");
		ReactiveSession session = this.binds.bind("sa_main").replicas().openSession();
		try {
			assertThat(session.select(Item.class, Query.empty()).map(Item::getLabel).collectList().block(TIMEOUT))
				.containsExactly("on-replica");
			session.usePrimary();
			session.commit().block(TIMEOUT);
		}
		finally {
			session.close().block(TIMEOUT);
		}
		assertThat(acquiredCount("primary")).isEqualTo(primaryBefore);
	}

	@Test
	void usePrimaryInsideAReadOnlyBlockOnAReplicaIsRefusedAndTheBlockGoesOn() {
		ReactiveSession session = this.binds.bind("sa_main").replicas().openSession();
		try {
			List<String> labels = session.begin(BeginOptions.defaults().readOnly(), (tx) -> {
				assertThatExceptionOfType(IllegalStateException.class).isThrownBy(tx::usePrimary)
					.withMessageContaining("call usePrimary() before the block");
				return tx.select(Item.class, Query.empty()).map(Item::getLabel).collectList();
			}).block(TIMEOUT);
			assertThat(labels).containsExactly("on-replica");
		}
		finally {
			session.close().block(TIMEOUT);
		}
	}

	// Read-your-writes

	@Test
	void readYourWritesCookieReadsOnThePrimaryWithinTheWindow() {
		EntityExchangeResult<byte[]> written = this.client.post().uri("/items?label=mine").exchange()
			.expectStatus().isCreated()
			.expectHeader().exists("Sa-Primary-Until")
			.expectBody().returnResult();
		ResponseCookie cookie = written.getResponseCookies().getFirst("sa-primary-until-sa_main");
		assertThat(cookie).isNotNull();
		assertThat(cookie.isHttpOnly()).isTrue();
		Map<String, Object> withCookie = this.client.get().uri("/items").cookie(cookie.getName(), cookie.getValue())
			.exchange().expectStatus().isOk().expectBody(BODY).returnResult().getResponseBody();
		assertThat(withCookie).containsEntry("labels", List.of("mine", "on-primary")).containsEntry("on", "primary");
		assertThat(get("/items")).containsEntry("on", "copy");
	}

	@Test
	void readYourWritesHeaderReadsOnThePrimaryWithinTheWindow() {
		String header = this.client.post().uri("/items?label=mine").exchange()
			.expectStatus().isCreated()
			.returnResult(Long.class).getResponseHeaders().getFirst("Sa-Primary-Until");
		assertThat(header).startsWith("sa_main=");
		Map<String, Object> withHeader = this.client.get().uri("/items").header("Sa-Primary-Until", header)
			.exchange().expectStatus().isOk().expectBody(BODY).returnResult().getResponseBody();
		assertThat(withHeader).containsEntry("on", "primary");
	}

	@Test
	void commitOnSuccessCommitStartsTheReadYourWritesWindow() {
		String header = this.client.post().uri("/items/uncommitted?label=auto").exchange()
			.expectStatus().isCreated()
			.returnResult(Void.class).getResponseHeaders().getFirst("Sa-Primary-Until");
		assertThat(labels(primary())).containsExactly("auto", "on-primary");
		assertThat(header).startsWith("sa_main=");
		Map<String, Object> withHeader = this.client.get().uri("/items").header("Sa-Primary-Until", header)
			.exchange().expectStatus().isOk().expectBody(BODY).returnResult().getResponseBody();
		assertThat(withHeader).containsEntry("labels", List.of("auto", "on-primary")).containsEntry("on", "primary");
	}

	@Test
	void afterTheReadYourWritesWindowReadsGoBackToTheReplica() throws InterruptedException {
		String header = this.client.post().uri("/items?label=mine").exchange()
			.expectStatus().isCreated()
			.returnResult(Long.class).getResponseHeaders().getFirst("Sa-Primary-Until");
		Thread.sleep(2200);
		Map<String, Object> after = this.client.get().uri("/items").header("Sa-Primary-Until", header)
			.exchange().expectStatus().isOk().expectBody(BODY).returnResult().getResponseBody();
		assertThat(after).containsEntry("on", "copy");
	}

	@Test
	void readOnlyRequestsStartNoReadYourWritesWindow() {
		this.client.get().uri("/items").exchange().expectStatus().isOk().expectHeader().doesNotExist("Sa-Primary-Until")
			.expectHeader().doesNotExist("Set-Cookie");
		this.client.post().uri("/items/read").exchange().expectStatus().isOk()
			.expectHeader().doesNotExist("Sa-Primary-Until");
	}

	@Test
	void malformedOrForgedReadYourWritesValuesAreIgnored() {
		long farAhead = System.currentTimeMillis() + Duration.ofDays(365).toMillis();
		List<String> values = List.of("", "abc", "-5", "12e4", "9".repeat(400), Long.toString(farAhead));
		for (String value : values) {
			Map<String, Object> body = this.client.get().uri("/items").cookie("sa-primary-until-sa_main", value)
				.header("Sa-Primary-Until", "sa_main=" + value, "nonsense", "sa_main", "=,=,")
				.exchange().expectStatus().isOk().expectBody(BODY).returnResult().getResponseBody();
			assertThat(body).as(value).containsEntry("on", "copy");
		}
		// Digits of another script, which a cookie cannot carry.
		Map<String, Object> body = this.client.get().uri("/items").header("Sa-Primary-Until", "sa_main=\u0661\u0662")
			.exchange().expectStatus().isOk().expectBody(BODY).returnResult().getResponseBody();
		assertThat(body).containsEntry("on", "copy");
	}

	// Overrides

	@Test
	void readsOnPrimaryAnnotationOverridesTheMethodRule() {
		assertThat(get("/items/primary")).containsEntry("on", "primary");
	}

	@Test
	void readsOnReplicaAnnotationOverridesTheMethodRule() {
		assertThat(post("/items/search")).containsEntry("labels", List.of("on-replica")).containsEntry("on", "copy");
	}

	@Test
	void readsOnFilterOfAFunctionalRouteOverridesTheMethodRule() {
		assertThat(get("/fn/items")).containsEntry("on", "primary");
	}

	@Test
	void usePrimaryMovesTheSessionToThePrimary() {
		Map<String, Object> body = get("/items/use-primary");
		assertThat(body.get("first")).isEqualTo(Map.of("labels", List.of("on-replica"), "on", "copy"));
		assertThat(body.get("second")).isEqualTo(Map.of("labels", List.of("on-primary"), "on", "primary"));
	}

	@Test
	void sessionsOutsideRequestsReadOnThePrimary() {
		List<String> labels = this.binds.sessionFactory("sa_main").withSession(
				(session) -> session.select(Item.class, Query.empty()).map(Item::getLabel).collectList())
			.block(TIMEOUT);
		assertThat(labels).containsExactly("on-primary");
	}

	@Test
	void springTransactionsOfTheBindStayOnThePrimary() {
		Bind main = this.binds.bind("sa_main");
		ReactiveSession session = main.replicas().openSession();
		try {
			List<String> labels = TransactionalOperator.create(main.transactionManager())
				.transactional(session.select(Item.class, Query.empty()).map(Item::getLabel).collectList())
				.block(TIMEOUT);
			assertThat(labels).containsExactly("on-primary");
			assertThat(session.replica()).isNull();
		}
		finally {
			session.close().block(TIMEOUT);
		}
	}

	// Replicas that cannot be used

	@Test
	void unreachableReplicaIsSkippedWithOneWarnAndItsReadsGoElsewhere(CapturedOutput output) {
		Bind spare = this.binds.bind("sa_spare");
		List<String> first = read(spare.replicas().openSession());
		List<String> second = read(spare.replicas().openSession());
		List<String> third = read(spare.replicas().openSession());
		// The session that tried the unreachable replica read on the primary; the others
		// on the replica left.
		assertThat(List.of(first, second, third)).containsOnly(List.of("on-primary"), List.of("on-replica"));
		assertThat(spare.replicas().state("replica-1").status()).isEqualTo(ReplicaState.Status.UNREACHABLE);
		spare.replicas().check().block(TIMEOUT);
		assertThat(spare.replicas().state("replica-1").status()).isEqualTo(ReplicaState.Status.UNREACHABLE);
		assertThat(spare.replicas().state("replica-2").status()).isEqualTo(ReplicaState.Status.IN_USE);
		assertThat(output.getOut().lines()
			.filter((line) -> line.contains("WARN") && line.contains("replica 'replica-1' is skipped"))).hasSize(1);
		assertThat(output.getOut()).contains("its reads go to replica 'replica-2'");
	}

	@Test
	void healthShowsEachReplicaAsAComponentOfItsBindWhichStaysUpWhileItsPrimaryIs() {
		this.client.get().uri("/actuator/health").exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.status").isEqualTo("UP")
			.jsonPath("$.components.sa.components.sa_main.components.primary.status").isEqualTo("UP")
			.jsonPath("$.components.sa.components.sa_main.components.copy.status").isEqualTo("UP")
			.jsonPath("$.components.sa.components.sa_spare.status").isEqualTo("UP")
			.jsonPath("$.components.sa.components.sa_spare.components.replica-1.status").isEqualTo("SKIPPED")
			.jsonPath("$.components.sa.components.sa_spare.components.replica-1.details.reason")
			.value((reason) -> assertThat((String) reason).startsWith("it cannot be reached"))
			.jsonPath("$.components.sa.components.sa_spare.components.replica-2.status").isEqualTo("UP");
	}

	@Test
	void sessionMetricsCarryTheRoleOfWhereTheyRan() {
		double replicaBefore = acquiredCount("replica");
		double primaryBefore = acquiredCount("primary");
		get("/items");
		assertThat(acquiredCount("replica")).isEqualTo(replicaBefore + 1);
		assertThat(acquiredCount("primary")).isEqualTo(primaryBefore);
		this.client.post().uri("/items?label=counted").exchange().expectStatus().isCreated();
		assertThat(acquiredCount("primary")).isEqualTo(primaryBefore + 1);
	}

	private double acquiredCount(String role) {
		return this.meters.get("sa.sessions.connections.acquired").tag("key", "sa_main").tag("role", role).counter()
			.count();
	}

	private Map<String, Object> get(String uri) {
		return this.client.get().uri(uri).exchange().expectStatus().isOk().expectBody(BODY).returnResult()
			.getResponseBody();
	}

	private Map<String, Object> post(String uri) {
		return this.client.post().uri(uri).exchange().expectStatus().isOk().expectBody(BODY).returnResult()
			.getResponseBody();
	}

	private static List<String> read(ReactiveSession session) {
		return Mono.usingWhen(Mono.just(session),
				(open) -> open.select(Item.class, Query.empty()).map(Item::getLabel).collectList(),
				ReactiveSession::close)
			.block(TIMEOUT);
	}


	private List<String> labels(ConnectionFactory connectionFactory) {
		return Sql.strings(connectionFactory, "SELECT label FROM rp_item ORDER BY label");
	}

	private ConnectionFactory primary() {
		return this.databases.main().connectionFactory();
	}

	private ConnectionFactory replica() {
		return this.databases.second().connectionFactory();
	}

	private int acquired(String key) {
		ConnectionPool pool = (ConnectionPool) this.binds.connectionFactory(key);
		return pool.getMetrics().orElseThrow().acquiredSize();
	}

}
