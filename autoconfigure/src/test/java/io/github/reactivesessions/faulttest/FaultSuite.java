package io.github.reactivesessions.faulttest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.github.reactivesessions.bind.Bind;
import io.github.reactivesessions.bind.Binds;
import io.github.reactivesessions.testsupport.R2dbcUrls;
import io.github.reactivesessions.testsupport.Sql;
import io.github.reactivesessions.testsupport.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Faults against a running application, written once and run against every server by a
 * subclass: clients that go away at random points, handlers that fail, commits that fail,
 * an exhausted pool, connections the database kills, a bind whose database is unreachable,
 * and a password that must never show. Every load is bounded in requests and time and
 * goes to the loopback only.
 *
 * <p>After each fault the suite checks what was left: no connection acquired from any
 * pool, no session of the application left idle in a transaction on the server, and the
 * invariant of the accounts (each balance is its start plus its logged transfers).
 *
 * <p>Binds: {@code sa_main} (filter, pool of 5), {@code sa_small} (@UseSession, pool of 2
 * with a max-acquire-time of 1s), {@code sa_down} (@UseSession, nothing listening: refused),
 * {@code sa_dropped} (@UseSession, a port that drops connection attempts: unreachable),
 * {@code sa_denied} (@UseSession, a login the server refuses) and {@code sa_proxied}
 * (@UseSession, through a proxy that can cut a connection while its commit is on the way).
 *
 * <p>Every failure to get or keep a connection is a 503 problem detail naming the bind, with
 * {@code Retry-After} unless the commit's outcome is unknown, and one WARN line per bind and
 * kind of failure however many requests fail.
 */
@SpringBootTest(classes = FaultTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
@DirtiesContext
abstract class FaultSuite {

	static final String SECRET = "Fault-Suite-Secret-4711";

	static final Duration SMALL_MAX_ACQUIRE_TIME = Duration.ofSeconds(1);

	static final Duration DROPPED_MAX_ACQUIRE_TIME = Duration.ofSeconds(2);

	private static final int ACCOUNTS = 10;

	private static final long START_BALANCE = 1000;

	@Autowired
	private Binds binds;

	@Autowired
	private MeterRegistry meters;

	@LocalServerPort
	private int port;

	private WebClient client;

	protected abstract TestDatabase database();

	/**
	 * Connection to the server for inspecting and killing sessions, outside the test's
	 * namespace.
	 */
	protected abstract ConnectionFactory admin();

	/**
	 * Query counting the application's sessions that are inside a transaction.
	 */
	protected abstract String openTransactionsQuery();

	/**
	 * Query listing the server ids of the application's connections.
	 */
	protected abstract String connectionIdsQuery();

	/**
	 * Statement killing the connection whose id is its {@code %s}.
	 */
	protected abstract String killStatement();

	static void registerProperties(DynamicPropertyRegistry registry, TestDatabase database, String adminUrl,
			String killStatement, Map<String, String> driverOptions, String unreachableUrl, String deniedUrl) {
		registry.add("sa.binds.sa_main.url", database::url);
		registry.add("sa.binds.sa_main.pool.max-size", () -> "5");
		registry.add("sa.binds.sa_main.pool.max-acquire-time", () -> "5s");
		// A connection the database killed while idle in the pool fails this query and is
		// replaced, where the driver's local check may still see it open.
		registry.add("sa.binds.sa_main.pool.validation-query", () -> "SELECT 1");
		registry.add("sa.binds.sa_small.url", database::url);
		registry.add("sa.binds.sa_small.middleware", () -> "false");
		registry.add("sa.binds.sa_small.pool.max-size", () -> "2");
		registry.add("sa.binds.sa_small.pool.max-acquire-time", () -> SMALL_MAX_ACQUIRE_TIME.toMillis() + "ms");
		registry.add("sa.binds.sa_proxied.url", () -> Faults.proxied(database.url()));
		registry.add("sa.binds.sa_proxied.middleware", () -> "false");
		registry.add("sa.binds.sa_proxied.pool.max-size", () -> "2");
		driverOptions.forEach((name, value) -> {
			registry.add("sa.binds.sa_main.options." + name, () -> value);
			registry.add("sa.binds.sa_small.options." + name, () -> value);
			registry.add("sa.binds.sa_proxied.options." + name, () -> value);
		});
		registry.add("sa.binds.sa_down.url", () -> unreachableUrl);
		registry.add("sa.binds.sa_down.middleware", () -> "false");
		registry.add("sa.binds.sa_down.pool.max-acquire-time", () -> "2s");
		registry.add("sa.binds.sa_dropped.url", () -> R2dbcUrls.withHost(unreachableUrl, "127.0.0.1:" + Faults.DROPPING.port()));
		registry.add("sa.binds.sa_dropped.middleware", () -> "false");
		registry.add("sa.binds.sa_dropped.pool.max-acquire-time", () -> DROPPED_MAX_ACQUIRE_TIME.toMillis() + "ms");
		registry.add("sa.binds.sa_denied.url", () -> deniedUrl);
		registry.add("sa.binds.sa_denied.middleware", () -> "false");
		registry.add("test.admin-url", () -> adminUrl);
		registry.add("test.kill-sql", () -> killStatement);
		registry.add("test.connection-id-query", database::connectionIdQuery);
		registry.add("spring.web.error.include-message", () -> "always");
		registry.add("management.endpoints.web.exposure.include", () -> "health,configprops");
		registry.add("management.endpoint.health.show-details", () -> "always");
		registry.add("management.endpoint.configprops.show-values", () -> "always");
		registry.add("management.health.sa.timeout", () -> "2s");
		registry.add("logging.level.io.github.reactivesessions", () -> "DEBUG");
	}

	@BeforeEach
	void createAccounts() {
		this.client = WebClient.create("http://127.0.0.1:" + this.port);
		Sql.execute(database().connectionFactory(), "DROP TABLE IF EXISTS transfer", "DROP TABLE IF EXISTS account",
				"CREATE TABLE account (id BIGINT PRIMARY KEY, balance BIGINT NOT NULL)",
				"CREATE TABLE transfer (id " + database().identityColumn()
						+ ", from_id BIGINT NOT NULL, to_id BIGINT NOT NULL, amount BIGINT NOT NULL)");
		for (int id = 1; id <= ACCOUNTS; id++) {
			Sql.execute(database().connectionFactory(),
					"INSERT INTO account (id, balance) VALUES (" + id + ", " + START_BALANCE + ")");
		}
	}

	@AfterEach
	void nothingLeftBehind() {
		assertNothingLeftBehind();
		Sql.execute(database().connectionFactory(), "DROP TABLE transfer", "DROP TABLE account");
	}

	@Test
	@Timeout(180)
	void cancellationStormLeavesNoConnectionNoOpenTransactionAndKeepsTheTotal() {
		// Two clients in three abort at a random point up to twice the typical response
		// time, measured first, so that aborts land before, during and after the
		// statements however loaded the machine is. The third never aborts: queued behind
		// 24 others on a pool of 5 and on the accounts' row locks, a request takes far
		// longer than the typical time, and without these the storm could end with every
		// request aborted.
		long typicalMillis = typicalResponseMillis();
		// A connection of its own for each request, as clients that go away have: with a
		// pooled one, the late close of an aborted exchange can hit the connection the pool
		// already gave to the next request, which then fails "prematurely closed BEFORE
		// response" without the server having done anything (reactor/reactor-netty#4137).
		WebClient stormClient = WebClient.builder()
			.baseUrl("http://127.0.0.1:" + this.port)
			.clientConnector(new ReactorClientHttpConnector(HttpClient.newConnection()))
			.build();
		double acquiredBefore = counter("sa.sessions.connections.acquired");
		Map<String, Long> outcomes = Flux.range(0, 600)
			.flatMap((i) -> {
				if (i % 3 == 0) {
					return send(stormClient, transferUri(30));
				}
				Duration abortAfter = Duration.ofMillis(1 + ThreadLocalRandom.current().nextLong(2 * typicalMillis));
				return send(stormClient, transferUri(30)).timeout(abortAfter, Mono.just("aborted"));
			}, 25)
			.collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()))
			.block(Duration.ofSeconds(150));
		report("cancellation storm", outcomes);
		assertThat(outcomes).containsKeys("200", "aborted");
		assertThat(outcomes.keySet()).isSubsetOf("200", "aborted", "503");
		assertNothingLeftBehind();
		// Every connection a session took ended in exactly one commit or one rollback.
		double acquired = counter("sa.sessions.connections.acquired") - acquiredBefore;
		assertThat(acquired).isPositive();
		assertThat(this.meters.get("sa.sessions.connections.held").tag("key", "sa_main").timer().count())
			.isEqualTo((long) counter("sa.sessions.connections.acquired"));
		assertThat(counter("sa.sessions.commits") + counter("sa.sessions.rollbacks"))
			.isEqualTo(counter("sa.sessions.connections.acquired"));
		assertThat(this.meters.get("sa.sessions.rollbacks").tags("key", "sa_main", "cause", "cancel").counter().count()
				+ this.meters.get("sa.sessions.rollbacks").tags("key", "sa_main", "cause", "close").counter().count())
			.isPositive();
	}

	@Test
	void errorMidTransactionRollsBack() {
		assertThat(send("/fail-midway?from=1&amount=100").block(Duration.ofSeconds(10))).isEqualTo("500");
		assertThat(balance(1)).isEqualTo(START_BALANCE);
	}

	@Test
	void connectionKilledBeforeTheCommitIsA503NamingTheBindAndWritesNothing() {
		Timed killed = timed(this.client.post().uri("/commit-killed?from=1&amount=100")).block(Duration.ofSeconds(10));
		assertServiceUnavailable(killed, "sa_main", "Session 'sa_main' lost its connection to the database");
		assertThat(killed.body()).contains("nothing of its transaction was committed");
		assertThat(balance(1)).isEqualTo(START_BALANCE);
		assertThat(send("/main/ping").block(Duration.ofSeconds(10))).isEqualTo("200");
	}

	@Test
	void connectionKilledAfterTheCommitAnswersWhatTheCommitDid() {
		assertThat(send("/commit-then-kill?from=1&amount=100").block(Duration.ofSeconds(10))).isEqualTo("200");
		assertThat(balance(1)).isEqualTo(START_BALANCE - 100);
		Sql.execute(database().connectionFactory(), "UPDATE account SET balance = " + START_BALANCE + " WHERE id = 1");
		assertThat(send("/main/ping").block(Duration.ofSeconds(10))).isEqualTo("200");
	}

	@Test
	void connectionCutWhileTheCommitIsOnItsWayIsA503WithoutRetryAfterAndTheOutcomeUnknown() {
		CommitCuttingProxy proxy = Faults.proxy(database().url());
		int cutBefore = proxy.cut();
		proxy.arm();
		Timed cut = timed(this.client.post().uri("/proxied/transfer?from=1&to=2&amount=10"))
			.block(Duration.ofSeconds(20));
		assertThat(proxy.cut()).isEqualTo(cutBefore + 1);
		assertThat(cut.status()).isEqualTo("503");
		assertThat(cut.contentType()).isEqualTo("application/problem+json");
		assertThat(cut.retryAfter()).isNull();
		assertThat(cut.body()).contains("\"bind\":\"sa_proxied\"").contains("\"outcome\":\"unknown\"")
			.contains("the transaction may or may not have committed");
		// Whole or absent: the invariant check after each test says so; which one, the
		// database knows.
		long transfers = Sql.queryLong(database().connectionFactory(), "SELECT COUNT(*) FROM transfer");
		System.out.printf("[fault suite %s] commit cut on its way: %s%n", database().name(),
				(transfers == 1) ? "the transaction committed" : "the transaction did not commit");
		assertThat(send("/proxied/transfer?from=1&to=2&amount=10").block(Duration.ofSeconds(20))).isEqualTo("200");
	}

	@Test
	void loginRefusedAtRequestTimeIsA503NamingTheBindLoggedOnceHoweverManyRequestsFail(CapturedOutput output) {
		List<Timed> refused = Flux.range(0, 20)
			.flatMap((i) -> timed(this.client.get().uri("/denied/ping")), 5)
			.collectList()
			.block(Duration.ofSeconds(60));
		assertThat(refused).hasSize(20)
			.allSatisfy((response) -> assertServiceUnavailable(response, "sa_denied",
					"Session 'sa_denied' could not log in to its database"));
		assertThat(warnings(output, "Session 'sa_denied'")).hasSize(1);
		assertThat(output.getAll()).doesNotContain("onErrorDropped");
	}

	@Test
	void refusedConnectionIsA503NamingTheBind() {
		Timed refused = timed(this.client.get().uri("/down/ping")).block(Duration.ofSeconds(20));
		assertServiceUnavailable(refused, "sa_down", "Session 'sa_down' could not open a connection to its database");
	}

	@Test
	@Timeout(60)
	void unreachableDatabaseIsA503WithinMaxAcquireTimeWithoutDroppedErrors(CapturedOutput output) {
		Duration margin = Duration.ofSeconds(1);
		List<Timed> dropped = Flux.range(0, 5)
			.flatMap((i) -> timed(this.client.get().uri("/dropped/ping")), 5)
			.collectList()
			.block(Duration.ofSeconds(30));
		assertThat(dropped).hasSize(5).allSatisfy((response) -> {
			assertServiceUnavailable(response, "sa_dropped", "Session 'sa_dropped'");
			assertThat(response.elapsed()).isLessThan(DROPPED_MAX_ACQUIRE_TIME.plus(margin));
		});
		// The connect timeout (half the max-acquire-time) fails each attempt before the pool
		// gives up, so no attempt's failure is dropped after its request's end.
		sleep(DROPPED_MAX_ACQUIRE_TIME);
		assertThat(output.getAll()).doesNotContain("onErrorDropped");
		assertThat(warnings(output, "Session 'sa_dropped'")).hasSize(1);
	}

	@Test
	@Timeout(60)
	void exhaustedPoolAnswers503WithinMaxAcquireTimeAndRecovers() {
		Duration margin = Duration.ofMillis(600);
		List<Timed> responses = Flux.range(0, 8)
			.flatMap((i) -> timed(this.client.get().uri("/small/hold?ms=2500")), 8)
			.collectList()
			.block(Duration.ofSeconds(30));
		report("pool exhausted", responses.stream()
			.collect(Collectors.groupingBy(Timed::status, TreeMap::new, Collectors.counting())));
		assertThat(responses).filteredOn((r) -> r.status().equals("200")).hasSize(2);
		assertThat(responses).filteredOn((r) -> r.status().equals("503")).hasSize(6).allSatisfy((r) -> {
			// r2dbc-pool's own acquire retry made it twice the max-acquire-time.
			assertThat(r.elapsed()).isLessThan(SMALL_MAX_ACQUIRE_TIME.plus(margin));
			assertServiceUnavailable(r, "sa_small", "Session 'sa_small' got no connection");
		});
		Timed after = timed(this.client.get().uri("/small/hold?ms=0")).block(Duration.ofSeconds(10));
		assertThat(after.status()).isEqualTo("200");
		assertThat(send("/main/ping").block(Duration.ofSeconds(10))).isEqualTo("200");
	}

	@Test
	@Timeout(120)
	void connectionsKilledByTheDatabaseFailTheirRequestsAndLaterRequestsSucceed() throws Exception {
		AtomicInteger killed = new AtomicInteger();
		Thread killer = new Thread(() -> {
			for (int round = 0; round < 10; round++) {
				sleep(Duration.ofMillis(150));
				for (String id : Sql.strings(admin(), connectionIdsQuery())) {
					try {
						Sql.execute(admin(), killStatement().formatted(id));
						killed.incrementAndGet();
					}
					catch (RuntimeException ex) {
						// Gone already: closed by the pool or killed in a previous round.
					}
				}
			}
		}, "connection-killer");
		killer.start();
		Map<String, Long> underKills = Flux.range(0, 200)
			.flatMap((i) -> send(transferUri(20)).timeout(Duration.ofSeconds(15), Mono.just("hung")), 10)
			.collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()))
			.block(Duration.ofSeconds(90));
		killer.join(30_000);
		report("database kills (" + killed.get() + " connections killed)", underKills);
		assertThat(killed).hasPositiveValue();
		assertThat(underKills.keySet()).isSubsetOf("200", "503");
		assertThat(underKills).containsKey("200");
		assertThat(underKills.get("200")).isLessThan(200);
		assertNothingLeftBehind();
		// The first requests afterwards may meet connections that died idle in the pool
		// (each is validated, evicted and the request answered 503); then every request
		// gets a fresh connection.
		Map<String, Long> settling = Flux.range(0, 10)
			.concatMap((i) -> send(transferUri(0)))
			.collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()))
			.block(Duration.ofSeconds(60));
		report("right after the kills", settling);
		assertThat(settling.keySet()).isSubsetOf("200", "503");
		Map<String, Long> afterKills = Flux.range(0, 50)
			.flatMap((i) -> send(transferUri(0)), 5)
			.collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()))
			.block(Duration.ofSeconds(60));
		report("after the kills", afterKills);
		assertThat(afterKills).containsExactly(Map.entry("200", 50L));
	}

	@Test
	void unreachableBindIsDownNamingItsKeyWhileTheOthersWork() {
		Timed health = timed(this.client.get().uri("/actuator/health")).block(Duration.ofSeconds(20));
		assertThat(health.status()).isEqualTo("503");
		assertThat(health.body()).contains("\"sa_down\":{\"details\":{\"key\":\"sa_down\"")
			.contains("Bind 'sa_down' cannot reach its database")
			.containsPattern("\"sa_main\":\\{\"details\":\\{\"key\":\"sa_main\"[^}]*\\{[^}]*\\}[^}]*\\},\"status\":\"UP\"");
		Timed down = timed(this.client.get().uri("/down/ping")).block(Duration.ofSeconds(20));
		assertThat(down.status()).isEqualTo("503");
		assertThat(down.body()).contains("Session 'sa_down' could not open a connection to its database");
		assertThat(send("/main/ping").block(Duration.ofSeconds(10))).isEqualTo("200");
		assertThat(send(transferUri(0)).block(Duration.ofSeconds(10))).isEqualTo("200");
	}

	@Test
	void passwordsAreNeverShown(CapturedOutput output) {
		String configprops = timed(this.client.get().uri("/actuator/configprops")).block(Duration.ofSeconds(20)).body();
		assertThat(configprops).contains("sa_down").contains("******").doesNotContain(SECRET);
		String health = timed(this.client.get().uri("/actuator/health")).block(Duration.ofSeconds(20)).body();
		String down = timed(this.client.get().uri("/down/ping")).block(Duration.ofSeconds(20)).body();
		assertThat(send(transferUri(0)).block(Duration.ofSeconds(10))).isEqualTo("200");
		assertThat(health).contains("sa_down").doesNotContain(SECRET);
		assertThat(down).contains("sa_down").doesNotContain(SECRET);
		for (Bind bind : this.binds) {
			assertThat(bind.toString()).doesNotContain(SECRET);
		}
		assertThat(this.binds.bind("sa_down").toString()).contains("******");
		assertThat(output.getAll()).doesNotContain(SECRET);
	}

	// Helpers

	private void assertNothingLeftBehind() {
		for (String key : this.binds.keys()) {
			await().atMost(Duration.ofSeconds(10)).until(() -> acquired(key) == 0);
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> Sql.queryLong(admin(), openTransactionsQuery()) == 0);
		long total = Sql.queryLong(database().connectionFactory(), "SELECT SUM(balance) FROM account");
		assertThat(total).isEqualTo(ACCOUNTS * START_BALANCE);
		long broken = Sql.queryLong(database().connectionFactory(), "SELECT COUNT(*) FROM account a WHERE a.balance <> "
				+ START_BALANCE + " - COALESCE((SELECT SUM(t.amount) FROM transfer t WHERE t.from_id = a.id), 0)"
				+ " + COALESCE((SELECT SUM(t.amount) FROM transfer t WHERE t.to_id = a.id), 0)");
		assertThat(broken).as("accounts whose balance disagrees with their logged transfers").isZero();
	}

	/**
	 * A 503 problem detail naming the bind, with a Retry-After header.
	 */
	private static void assertServiceUnavailable(Timed response, String key, String detail) {
		assertThat(response.status()).isEqualTo("503");
		assertThat(response.contentType()).isEqualTo("application/problem+json");
		assertThat(response.retryAfter()).isEqualTo("5");
		assertThat(response.body()).contains("\"bind\":\"" + key + "\"").contains(detail);
	}

	/**
	 * The WARN lines of the output that contain the given text.
	 */
	private static List<String> warnings(CapturedOutput output, String text) {
		return output.getAll().lines().filter((line) -> line.contains(" WARN ") && line.contains(text)).toList();
	}

	private long typicalResponseMillis() {
		List<Long> millis = Flux.range(0, 25)
			.concatMap((i) -> Mono.defer(() -> {
				long start = System.nanoTime();
				return send(transferUri(30)).map((status) -> (System.nanoTime() - start) / 1_000_000);
			}))
			.sort()
			.collectList()
			.block(Duration.ofSeconds(60));
		return Math.max(20, millis.get(millis.size() / 2));
	}

	private int acquired(String key) {
		return ((ConnectionPool) this.binds.connectionFactory(key)).getMetrics().orElseThrow().acquiredSize();
	}

	private double counter(String name) {
		return this.meters.find(name).tag("key", "sa_main").counters().stream().mapToDouble((c) -> c.count()).sum();
	}

	private long balance(long account) {
		return Sql.queryLong(database().connectionFactory(), "SELECT balance FROM account WHERE id = " + account);
	}

	private static String transferUri(int maxDelayMs) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		int from = 1 + random.nextInt(ACCOUNTS);
		int to = 1 + (from + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
		return "/transfer?from=%d&to=%d&amount=%d&delayMs=%d".formatted(from, to, 1 + random.nextInt(50),
				(maxDelayMs > 0) ? random.nextInt(maxDelayMs) : 0);
	}

	/**
	 * POST the uri and give the response status as text.
	 */
	private Mono<String> send(String uri) {
		return send(this.client, uri);
	}

	private static Mono<String> send(WebClient client, String uri) {
		return client.post()
			.uri(uri)
			.exchangeToMono((response) -> response.releaseBody()
				.thenReturn(String.valueOf(response.statusCode().value())));
	}

	private Mono<Timed> timed(WebClient.RequestHeadersSpec<?> request) {
		return Mono.defer(() -> {
			long start = System.nanoTime();
			return request.exchangeToMono((response) -> response.bodyToMono(String.class)
				.defaultIfEmpty("")
				.map((body) -> new Timed(String.valueOf(response.statusCode().value()), body,
						Duration.ofNanos(System.nanoTime() - start),
						String.valueOf(response.headers().contentType().orElse(null)),
						response.headers().asHttpHeaders().getFirst("Retry-After"))));
		});
	}

	private void report(String fault, Map<String, Long> outcomes) {
		System.out.printf("[fault suite %s] %s: %s requests -> %s%n", database().name(), fault,
				outcomes.values().stream().mapToLong(Long::longValue).sum(), outcomes);
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private record Timed(String status, String body, Duration elapsed, String contentType, @Nullable String retryAfter) {
	}

	/**
	 * The listening sockets of the suite's faults, created when first used: one port that
	 * drops connection attempts, and a commit-cutting proxy for each database server.
	 */
	static final class Faults {

		static final DroppingListener DROPPING = create(DroppingListener::new);

		private static final Map<String, CommitCuttingProxy> PROXIES = new ConcurrentHashMap<>();

		private Faults() {
		}

		/**
		 * The database's url through the proxy in front of its server.
		 */
		static String proxied(String url) {
			return R2dbcUrls.withHost(url, "127.0.0.1:" + proxy(url).port());
		}

		static CommitCuttingProxy proxy(String url) {
			ConnectionFactoryOptions options = ConnectionFactoryOptions.parse(url);
			String host = String.valueOf(options.getRequiredValue(ConnectionFactoryOptions.HOST));
			int port = Integer.parseInt(String.valueOf(options.getRequiredValue(ConnectionFactoryOptions.PORT)));
			return PROXIES.computeIfAbsent(host + ":" + port, (target) -> create(() -> new CommitCuttingProxy(host, port)));
		}

		private static <T> T create(Creation<T> creation) {
			try {
				return creation.create();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		@FunctionalInterface
		private interface Creation<T> {

			T create() throws IOException;

		}

	}

	static ConnectionFactory connectionFactory(String url) {
		return ConnectionFactories.get(url);
	}

}
