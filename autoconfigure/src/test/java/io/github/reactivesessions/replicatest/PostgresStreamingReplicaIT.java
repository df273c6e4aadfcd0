package io.github.reactivesessions.replicatest;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.github.reactivesessions.bind.Bind;
import io.github.reactivesessions.bind.Binds;
import io.github.reactivesessions.bind.ReplicaState;
import io.github.reactivesessions.session.ReactiveSession;
import io.github.reactivesessions.testsupport.DatabaseServer;
import io.github.reactivesessions.testsupport.R2dbcUrls;
import io.github.reactivesessions.testsupport.RequiresDatabase;
import io.github.reactivesessions.testsupport.Sql;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
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
import org.springframework.data.relational.core.query.Query;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Reads on a real streaming replica ({@code scripts/services.sh start}: 127.0.0.1:5433,
 * made with {@code pg_basebackup -R}), whose lag the tests make with
 * {@code pg_wal_replay_pause()}. The suite has a database of its own on the primary, which
 * the replica replays like any other. {@code sa_main} tolerates any lag and opens a
 * read-your-writes window of one second; {@code sa_spare}, on the same databases, skips a
 * replica one second behind.
 */
@RequiresDatabase(DatabaseServer.REPLICA)
@SpringBootTest(classes = ReplicaTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class PostgresStreamingReplicaIT {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final ParameterizedTypeReference<Map<String, Object>> BODY = new ParameterizedTypeReference<>() {
	};

	private static final String DATABASE = "sa_replica_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

	private static final ConnectionFactory PRIMARY_SERVER = ConnectionFactories.get(DatabaseServer.POSTGRES.url());

	private static final ConnectionFactory REPLICA_SERVER = ConnectionFactories.get(DatabaseServer.REPLICA.url());

	private static final String PRIMARY_URL = R2dbcUrls.withDatabase(DatabaseServer.POSTGRES.url(), DATABASE);

	private static final String REPLICA_URL = R2dbcUrls.withDatabase(DatabaseServer.REPLICA.url(), DATABASE);

	@Autowired
	private Binds binds;

	@Autowired
	private WebTestClient client;

	@DynamicPropertySource
	static void binds(DynamicPropertyRegistry registry) {
		Sql.execute(PRIMARY_SERVER, "CREATE DATABASE " + DATABASE);
		registry.add("sa.binds.sa_main.url", () -> PRIMARY_URL);
		registry.add("sa.binds.sa_main.init.create-all", () -> "true");
		registry.add("sa.binds.sa_main.replicas[0].name", () -> "standby");
		registry.add("sa.binds.sa_main.replicas[0].url", () -> REPLICA_URL);
		registry.add("sa.binds.sa_main.replica-reads.max-lag", () -> "1h");
		registry.add("sa.binds.sa_main.replica-reads.check-interval", () -> "0s");
		registry.add("sa.binds.sa_main.replica-reads.read-your-writes", () -> "1s");
		registry.add("sa.binds.sa_spare.url", () -> PRIMARY_URL);
		registry.add("sa.binds.sa_spare.middleware", () -> "false");
		registry.add("sa.binds.sa_spare.replicas[0].name", () -> "standby");
		registry.add("sa.binds.sa_spare.replicas[0].url", () -> REPLICA_URL);
		registry.add("sa.binds.sa_spare.replica-reads.max-lag", () -> "1s");
		registry.add("sa.binds.sa_spare.replica-reads.check-interval", () -> "0s");
		registry.add("management.endpoints.web.exposure.include", () -> "health");
		registry.add("management.endpoint.health.show-details", () -> "always");
		registry.add("management.endpoint.health.show-components", () -> "always");
	}

	@AfterAll
	static void dropDatabase() {
		Sql.execute(PRIMARY_SERVER, "DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
	}

	@BeforeEach
	void oneRowReplayedOnTheReplica() {
		Sql.execute(primary(), "DELETE FROM rp_item", "INSERT INTO rp_item (label) VALUES ('old')");
		await().atMost(TIMEOUT).until(() -> labels(replica()).equals(List.of("old")));
	}

	@AfterEach
	void replayResumes() {
		Sql.execute(REPLICA_SERVER, "SELECT pg_wal_replay_resume()");
		for (String key : this.binds.keys()) {
			await().atMost(Duration.ofSeconds(5))
				.until(() -> ((io.r2dbc.pool.ConnectionPool) this.binds.connectionFactory(key)).getMetrics()
					.orElseThrow()
					.acquiredSize() == 0);
		}
	}

	@Test
	void readsOfASafeRequestRunOnTheStandbyInAReadOnlyTransaction() {
		assertThat(readOnlyAnswer("SELECT pg_is_in_recovery()")).isEqualTo("true");
		assertThat(readOnlyAnswer("SELECT current_setting('transaction_read_only')")).isEqualTo("on");
		assertThat(get("/items", null)).containsEntry("on", "standby").containsEntry("labels", List.of("old"));
	}

	@Test
	void writeIsReadOnThePrimaryInTheWindowAndNotOnTheReplicaAfterItUntilReplayResumes() throws InterruptedException {
		Sql.execute(REPLICA_SERVER, "SELECT pg_wal_replay_pause()");
		String window = this.client.post().uri("/items?label=fresh").exchange()
			.expectStatus().isCreated()
			.returnResult(Long.class).getResponseHeaders().getFirst("Sa-Primary-Until");
		assertThat(get("/items", window)).containsEntry("on", "primary").containsEntry("labels", List.of("fresh", "old"));
		Thread.sleep(1100);
		assertThat(get("/items", window)).containsEntry("on", "standby").containsEntry("labels", List.of("old"));
		Sql.execute(REPLICA_SERVER, "SELECT pg_wal_replay_resume()");
		await().atMost(TIMEOUT).until(() -> get("/items", null).get("labels").equals(List.of("fresh", "old")));
		assertThat(get("/items", null)).containsEntry("on", "standby");
	}

	@Test
	void replicaLaggingMoreThanMaxLagIsSkippedWithOneWarnAndUsedAgainWhenItCatchesUp(CapturedOutput output)
			throws InterruptedException {
		Bind spare = this.binds.bind("sa_spare");
		spare.replicas().check().block(TIMEOUT);
		assertThat(spare.replicas().state("standby").status()).isEqualTo(ReplicaState.Status.IN_USE);
		Sql.execute(REPLICA_SERVER, "SELECT pg_wal_replay_pause()");
		Sql.execute(primary(), "INSERT INTO rp_item (label) VALUES ('behind')");
		Thread.sleep(1200);
		spare.replicas().check().block(TIMEOUT);
		ReplicaState lagging = spare.replicas().state("standby");
		assertThat(lagging.status()).isEqualTo(ReplicaState.Status.LAGGING);
		assertThat(lagging.lag()).isGreaterThan(Duration.ofSeconds(1));
		// Skipped: the read goes to the primary, which has the row.
		ReactiveSession session = spare.replicas().openSession();
		List<String> read = Mono.usingWhen(Mono.just(session),
				(open) -> open.select(Item.class, Query.empty()).map(Item::getLabel).sort().collectList(),
				ReactiveSession::close)
			.block(TIMEOUT);
		assertThat(read).containsExactly("behind", "old");
		assertThat(session.replica()).isNull();
		this.client.get().uri("/actuator/health").exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.components.sa.components.sa_spare.status").isEqualTo("UP")
			.jsonPath("$.components.sa.components.sa_spare.components.standby.status").isEqualTo("SKIPPED")
			.jsonPath("$.components.sa.components.sa_spare.components.standby.details.reason")
			.value((reason) -> assertThat((String) reason).startsWith("it lags"));
		spare.replicas().check().block(TIMEOUT);
		assertThat(output.getOut().lines()
			.filter((line) -> line.contains("WARN") && line.contains("Bind 'sa_spare': replica 'standby' is skipped")))
			.hasSize(1);
		Sql.execute(REPLICA_SERVER, "SELECT pg_wal_replay_resume()");
		await().atMost(TIMEOUT).until(() -> {
			spare.replicas().check().block(TIMEOUT);
			return spare.replicas().state("standby").isInUse();
		});
		assertThat(output.getOut()).contains("Bind 'sa_spare': replica 'standby' is back in use");
	}

	private String readOnlyAnswer(String query) {
		return this.client.get()
			.uri((uri) -> uri.path("/items/read-only").queryParam("query", query).build())
			.exchange()
			.expectStatus().isOk()
			.expectBody(String.class).returnResult().getResponseBody();
	}

	private Map<String, Object> get(String uri, @Nullable String window) {
		WebTestClient.RequestHeadersSpec<?> request = this.client.get().uri(uri);
		if (window != null) {
			request = request.header("Sa-Primary-Until", window);
		}
		return request.exchange().expectStatus().isOk().expectBody(BODY).returnResult().getResponseBody();
	}

	private static List<String> labels(ConnectionFactory connectionFactory) {
		return Sql.strings(connectionFactory, "SELECT label FROM rp_item ORDER BY label");
	}

	private static ConnectionFactory primary() {
		return ConnectionFactories.get(PRIMARY_URL);
	}

	private static ConnectionFactory replica() {
		return ConnectionFactories.get(REPLICA_URL);
	}

}
