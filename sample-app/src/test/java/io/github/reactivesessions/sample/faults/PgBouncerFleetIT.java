package io.github.reactivesessions.sample.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import io.github.reactivesessions.bind.Bind;
import io.github.reactivesessions.bind.Binds;
import io.github.reactivesessions.sample.SampleApplication;
import io.github.reactivesessions.sample.faults.ResettingClient.ResetPoint;
import io.github.reactivesessions.testsupport.DatabaseServer;
import io.github.reactivesessions.testsupport.R2dbcUrls;
import io.github.reactivesessions.testsupport.RequiresDatabase;
import io.github.reactivesessions.testsupport.Sql;
import io.github.reactivesessions.session.Replica;
import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three instances of the sample app in its {@code fleet} profile, each with its own pools (four binds of up to 10
 * connections), behind PgBouncer in transaction mode, whose pool for each database has 4
 * server connections: 90 client connections of sa_main, sa_orders and sa_reports over 4,
 * and 30 of sa_second (a database of its own) over 4. Mixed requests
 * (reads, writes, commit-on-success, routed sessions across two binds, clients that reset)
 * go to the instances in turn. The reads of GET requests on sa_main and sa_reports run on
 * the streaming replica (direct, on 5433), as the profile says, unless a request carries a
 * read-your-writes window (one in four says so, most of them with values no client should
 * send, which must be ignored). Afterwards no connection is
 * held, no backend of the primary or the replica is left idle in a transaction, and
 * PgBouncer has no client waiting.
 *
 * <p>Databases of its own ({@code CREATE DATABASE} on the server itself): PgBouncer's
 * transaction mode refuses the {@code schema} option the other suites isolate themselves
 * with.
 */
@RequiresDatabase({ DatabaseServer.PGBOUNCER, DatabaseServer.REPLICA })
class PgBouncerFleetIT {

	private static final int INSTANCES = 3;

	private static final int REQUESTS = 10_000;

	private static final int CLIENTS = 24;

	private static final String DATABASE = "sa_fleet_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

	// sa_second's own database, so its own pool in PgBouncer: a routed request holds a
	// transaction of sa_main and one of sa_second at once, and two binds of one database
	// would share one pool of 4, which four such requests fill while each waits for its
	// second connection (docs/operations.md#behind-pgbouncer-in-transaction-mode).
	private static final String SECOND_DATABASE = DATABASE + "_second";

	private static final ConnectionFactory SERVER = ConnectionFactories.get(DatabaseServer.POSTGRES.url());

	private static final ConnectionFactory REPLICA_SERVER = ConnectionFactories.get(DatabaseServer.REPLICA.url());

	private static final List<ConfigurableApplicationContext> instances = new ArrayList<>();

	@BeforeAll
	static void startInstances() {
		Sql.execute(SERVER, "CREATE DATABASE " + DATABASE);
		Sql.execute(SERVER, "CREATE DATABASE " + SECOND_DATABASE);
		// The sample's fleet profile (every bind through PgBouncer, pooler: transaction,
		// migrations over the server's own port), on the suite's databases.
		String[] arguments = { "--spring.profiles.active=fleet", "--server.port=0",
				"--SAMPLE_FLEET_URL=" + R2dbcUrls.withDatabase(DatabaseServer.PGBOUNCER.url(), DATABASE),
				"--SAMPLE_FLEET_SECOND_URL=" + R2dbcUrls.withDatabase(DatabaseServer.PGBOUNCER.url(), SECOND_DATABASE),
				"--SAMPLE_FLEET_REPLICA_URL=" + R2dbcUrls.withDatabase(DatabaseServer.REPLICA.url(), DATABASE),
				"--SAMPLE_FLEET_MIGRATIONS_URL=jdbc:postgresql://127.0.0.1:"
						+ ConnectionFactoryOptions.parse(DatabaseServer.POSTGRES.url()).getValue(ConnectionFactoryOptions.PORT)
						+ "/" + DATABASE };
		// Started one after the other: the first creates the tables and runs the migrations.
		for (int i = 0; i < INSTANCES; i++) {
			instances.add(new SpringApplicationBuilder(SampleApplication.class).run(arguments));
		}
	}

	@AfterAll
	static void stopInstances() {
		instances.forEach(ConfigurableApplicationContext::close);
		Sql.execute(SERVER, "DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
		Sql.execute(SERVER, "DROP DATABASE IF EXISTS " + SECOND_DATABASE + " WITH (FORCE)");
	}

	@Test
	@Timeout(value = 5, unit = TimeUnit.MINUTES)
	void mixedRequestsOverThreeInstancesThroughPgBouncerLeaveNothingBehind() throws Exception {
		Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
		List<String> errors = new ArrayList<>();
		AtomicInteger next = new AtomicInteger();
		ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
		long started = System.nanoTime();
		try {
			List<Future<?>> running = new ArrayList<>();
			for (int c = 0; c < CLIENTS; c++) {
				running.add(clients.submit(() -> {
					for (int n = next.getAndIncrement(); n < REQUESTS; n = next.getAndIncrement()) {
						send(n, outcomes, errors);
					}
				}));
			}
			for (Future<?> client : running) {
				client.get();
			}
		}
		finally {
			clients.shutdownNow();
		}
		double seconds = (System.nanoTime() - started) / 1e9;
		System.out.printf("[fleet] %d requests over %d instances through PgBouncer in %.1f s (%.0f/s): %s%n", REQUESTS,
				INSTANCES, seconds, REQUESTS / seconds, new TreeMap<>(outcomes));
		assertThat(errors).as("requests answered with an error nobody asked for").isEmpty();
		// The reads of GET requests ran on the replica, in transactions of its own.
		List<Long> onReplica = new ArrayList<>();
		for (ConfigurableApplicationContext instance : instances) {
			long transactions = (long) instance.getBean(MeterRegistry.class)
				.get("sa.sessions.connections.acquired")
				.tags("key", "sa_main", "role", "replica")
				.counter()
				.count();
			assertThat(transactions).as("sa_main transactions on the replica").isPositive();
			onReplica.add(transactions);
		}
		System.out.printf("[fleet] sa_main transactions on the replica, per instance: %s%n", onReplica);
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			for (ConfigurableApplicationContext instance : instances) {
				Binds binds = instance.getBean(Binds.class);
				for (String key : SampleBinds.KEYS) {
					Bind bind = binds.bind(key);
					assertThat(((ConnectionPool) bind.connectionFactory()).getMetrics().orElseThrow().acquiredSize())
						.as("connections acquired from " + key).isZero();
					for (Replica replica : bind.replicas().replicas()) {
						assertThat(((ConnectionPool) replica.connectionFactory()).getMetrics().orElseThrow().acquiredSize())
							.as("connections acquired from " + key + "'s replica").isZero();
					}
				}
			}
			assertThat(Sql.queryLong(SERVER, "SELECT COUNT(*) FROM pg_stat_activity WHERE datname IN ('" + DATABASE
					+ "', '" + SECOND_DATABASE + "') AND state LIKE 'idle in transaction%'"))
				.as("backends idle in a transaction").isZero();
			assertThat(Sql.queryLong(REPLICA_SERVER, "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = '"
					+ DATABASE + "' AND state LIKE 'idle in transaction%'"))
				.as("replica backends idle in a transaction").isZero();
			assertThat(clientsWaitingInPgBouncer()).as("clients waiting in PgBouncer's pool").isZero();
		});
		// Every order the instances committed is whole: commit-on-success wrote each or nothing.
		ConnectionFactory fleet = ConnectionFactories.get(R2dbcUrls.withDatabase(DatabaseServer.POSTGRES.url(), DATABASE));
		assertThat(Sql.queryLong(fleet, "SELECT COUNT(*) FROM purchase_order WHERE quantity <= 0")).isZero();
	}

	private static void send(int n, Map<String, LongAdder> outcomes, List<String> errors) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		int port = port(instances.get(n % INSTANCES));
		String tag = "f" + n;
		String route;
		String request;
		boolean mayBeRefused = false;
		switch (random.nextInt(9)) {
			case 0 -> {
				route = "GET /";
				request = get("/");
			}
			case 1 -> {
				int quantity = random.nextInt(4);
				route = "POST /orders";
				request = post("/orders?item=" + tag + "&quantity=" + quantity);
				// A quantity of 0 is refused with a 400, and nothing is stored.
				mayBeRefused = quantity == 0;
			}
			case 2 -> {
				route = "GET /orders";
				request = get("/orders");
			}
			case 3 -> {
				route = "POST /notes";
				request = post("/notes?text=" + tag);
			}
			case 4 -> {
				route = "POST /routed/notes";
				request = post("/routed/notes?text=" + tag);
			}
			case 5 -> {
				route = "GET /routed/summary";
				request = get("/routed/summary");
			}
			case 6 -> {
				route = "GET /reports/summary";
				request = get("/reports/summary");
			}
			case 7 -> {
				route = "GET /books";
				request = get("/books?page_key=1");
			}
			default -> {
				route = "GET /specific";
				request = get("/specific");
			}
		}
		// One request in eight is reset by its client, at a random point.
		int reset = random.nextInt(24);
		ResetPoint point = (reset < 21) ? ResetPoint.NEVER
				: List.of(ResetPoint.WHILE_SENDING, ResetPoint.AFTER_SENDING, ResetPoint.AFTER_RESPONSE_STARTS).get(reset - 21);
		String status = new ResettingClient(port).send(request, point, Duration.ofMillis(random.nextInt(1, 20)));
		outcomes.computeIfAbsent(point == ResetPoint.NEVER ? status : "reset", (k) -> new LongAdder()).increment();
		if (point == ResetPoint.NEVER && !status.startsWith("2") && !(mayBeRefused && status.equals("400"))) {
			synchronized (errors) {
				errors.add(route + " -> " + status);
			}
		}
	}

	private static long clientsWaitingInPgBouncer() throws IOException, InterruptedException {
		// The admin console answers the simple query protocol only: psql speaks it.
		Process psql = new ProcessBuilder("psql", "-h", "127.0.0.1", "-p", pgBouncerPort(), "-U",
				"postgres", "-At", "-F", ",", "-c", "SHOW POOLS", "pgbouncer").redirectErrorStream(true).start();
		String output = new String(psql.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(psql.waitFor()).as(output).isZero();
		// database,user,cl_active,cl_waiting,...
		return output.lines()
			.map((line) -> line.split(","))
			.filter((columns) -> columns[0].equals(DATABASE) || columns[0].equals(SECOND_DATABASE))
			.mapToLong((columns) -> Long.parseLong(columns[3]))
			.sum();
	}

	private static String pgBouncerPort() {
		return String.valueOf(ConnectionFactoryOptions.parse(DatabaseServer.PGBOUNCER.url())
			.getValue(ConnectionFactoryOptions.PORT));
	}

	private static int port(ConfigurableApplicationContext instance) {
		return ((WebServerApplicationContext) instance).getWebServer().getPort();
	}

	private static String get(String uri) {
		// One GET in four says it is in a read-your-writes window: a valid one, or one no
		// client should send (far ahead, negative, not a number, too long, bytes of no
		// charset), in the header and the cookie. None may fail the request.
		ThreadLocalRandom random = ThreadLocalRandom.current();
		String window = "";
		if (random.nextInt(4) == 0) {
			String value = switch (random.nextInt(6)) {
				case 0 -> Long.toString(System.currentTimeMillis() + 2000);
				case 1 -> Long.toString(Long.MAX_VALUE);
				case 2 -> "-1";
				case 3 -> "9".repeat(2000);
				case 4 -> "\u00ff\u00fe\u00e9";
				default -> "sa_main";
			};
			window = "Sa-Primary-Until: sa_main=" + value + ", sa_reports=" + value + "\r\nCookie: sa-primary-until-sa_main="
					+ value + "\r\n";
		}
		return "GET " + uri + " HTTP/1.1\r\nHost: localhost\r\n" + window + "Connection: close\r\n\r\n";
	}

	private static String post(String uri) {
		return "POST " + uri + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: 0\r\n\r\n";
	}

}
