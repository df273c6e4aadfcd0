package io.github.reactivesessions.sample.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

import io.github.reactivesessions.bind.Binds;
import io.github.reactivesessions.sample.faults.ResettingClient.ResetPoint;
import io.github.reactivesessions.testsupport.Sql;
import io.github.reactivesessions.testsupport.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.PoolMetrics;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ValidationDepth;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Storms of clients that reset their connections, on the sample app as a user runs it with
 * the {@code postgres} or {@code mysql} profile, written once and run against each server
 * by a subclass.
 *
 * <p>Each storm sends 1,000 requests, 64 at a time, to the sample's routes mixed at random
 * (the filter's session, {@code @UseSession} on a handler with a repository in the same
 * transaction and on a service bean, a session joining a {@code @Transactional} method,
 * commit-on-success, transfers between five accounts whose begin blocks retry after a
 * deadlock, a streamed body, a path-scoped read-only bind, a functional endpoint,
 * class-based views, and repository reads outside any session), while CPU-bound threads
 * run beside the application. Most clients reset their connection (TCP RST) at a random point: half-way
 * through the request, a few milliseconds after it, or once the response has started; the
 * others read their whole response.
 *
 * <p>After each storm, and a settle of at most 2 s: no connection of any bind is acquired
 * from its pool, every bind hands out all its {@code max-size} connections at once, each
 * outside a transaction and answering a round trip, no connection of the application is
 * left inside a transaction on the server, and what was written is whole: both notes of each
 * {@code POST /notes} or neither, no order that was answered 400, and the accounts' total
 * as it started.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
abstract class StormSuite {

	private static final int STORMS = 10;

	private static final int REQUESTS = 1000;

	private static final int CONCURRENCY = 64;

	private static final Duration SETTLE = Duration.ofSeconds(2);

	private static final int ACCOUNTS = 5;

	private static final long ACCOUNT_BALANCE = 1000;

	private static final List<String> BINDS = SampleBinds.KEYS;

	@Autowired
	private Binds binds;

	@Autowired
	private MeterRegistry meters;

	@LocalServerPort
	private int port;

	private final Map<String, LongAdder> totals = new ConcurrentHashMap<>();

	protected abstract TestDatabase database();

	/**
	 * Connection to the server, outside the test's namespace, for its views of sessions.
	 */
	protected abstract ConnectionFactory admin();

	/**
	 * Query counting the application's connections that are inside a transaction.
	 */
	protected abstract String openTransactionsQuery();

	/**
	 * Query describing each of those connections in one text row (its state, last
	 * statement and since when), for the failure message.
	 */
	protected abstract String openTransactionsDetailQuery();

	/**
	 * Start with 500 pairs of notes, so that a list of the notes, which repository code
	 * reads outside any session and a reset cancels half-way, is a few hundred rows long.
	 */
	@BeforeEach
	void startWithNotes() {
		Sql.execute(database().connectionFactory(), "DELETE FROM note", "DELETE FROM purchase_order",
				"DELETE FROM my_table", "DELETE FROM account");
		for (int id = 1; id <= ACCOUNTS; id++) {
			Sql.execute(database().connectionFactory(),
					"INSERT INTO account (id, balance) VALUES (" + id + ", " + ACCOUNT_BALANCE + ")");
		}
		StringBuilder insert = new StringBuilder("INSERT INTO note (text) VALUES ");
		for (int i = 0; i < 500; i++) {
			insert.append((i > 0) ? ", " : "").append("('seed").append(i).append("'), ('seed").append(i)
				.append(" (repository)')");
		}
		Sql.execute(database().connectionFactory(), insert.toString());
	}

	@Test
	@Timeout(600)
	void resetStormsUnderCpuLoadLeaveEveryConnectionFreeAndEveryTransactionWholeOrAbsent() throws Exception {
		for (int storm = 1; storm <= STORMS; storm++) {
			Map<String, Long> outcomes;
			try (CpuLoad load = CpuLoad.start()) {
				outcomes = storm(storm);
			}
			report(storm, outcomes);
			assertNothingLeftBehind(storm);
			assertThat(outcomes.keySet()).as("answers of the clients that read them")
				.allSatisfy((outcome) -> assertThat(outcome).doesNotContain(" 5").doesNotContain("timeout"));
		}
		System.out.printf("[storms %s] %d storms of %d requests: %s; transfers run again: %s%n", database().name(),
				STORMS, REQUESTS, new TreeMap<>(this.totals), retries());
	}

	private Map<String, Long> storm(int storm) throws Exception {
		ResettingClient client = new ResettingClient(this.port);
		Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
		ExecutorService clients = Executors.newFixedThreadPool(CONCURRENCY);
		try {
			List<Future<?>> sent = new ArrayList<>();
			for (int i = 0; i < REQUESTS; i++) {
				String tag = "s" + storm + "r" + i;
				sent.add(clients.submit(() -> {
					ThreadLocalRandom random = ThreadLocalRandom.current();
					Route route = Route.values()[random.nextInt(Route.values().length)];
					ResetPoint point = resetPoint(random);
					String status = client.send(route.request(tag, random), point,
							Duration.ofMillis(5 + random.nextInt(56)));
					outcomes.computeIfAbsent(route.name() + " " + point + " " + status, (key) -> new LongAdder())
						.increment();
				}));
			}
			for (Future<?> request : sent) {
				request.get();
			}
		}
		finally {
			clients.shutdownNow();
		}
		Map<String, Long> counted = new TreeMap<>();
		outcomes.forEach((outcome, count) -> {
			counted.put(outcome, count.sum());
			this.totals.computeIfAbsent(outcome.substring(outcome.indexOf(' ') + 1), (key) -> new LongAdder())
				.add(count.sum());
		});
		return counted;
	}

	/**
	 * One client in ten resets half-way through its request, one in two a few milliseconds
	 * after sending it, one in five once the response has started; the others read it.
	 */
	private static ResetPoint resetPoint(ThreadLocalRandom random) {
		int draw = random.nextInt(10);
		if (draw == 0) {
			return ResetPoint.WHILE_SENDING;
		}
		if (draw <= 5) {
			return ResetPoint.AFTER_SENDING;
		}
		return (draw <= 7) ? ResetPoint.AFTER_RESPONSE_STARTS : ResetPoint.NEVER;
	}

	private void assertNothingLeftBehind(int storm) {
		try {
			await().atMost(SETTLE).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
				for (String key : BINDS) {
					assertThat(pool(key).getMetrics().orElseThrow().acquiredSize()).as("connections acquired from " + key)
						.isZero();
				}
			});
			// Every connection is handed out first: one that a flow of Spring's began a
			// transaction on after letting it go (spring-framework#36344) waits in its pool
			// inside that transaction until the pool hands it out again, rolled back.
			for (String key : BINDS) {
				assertEveryConnectionAnswers(key);
			}
			await().atMost(SETTLE).pollInterval(Duration.ofMillis(100)).untilAsserted(
					() -> assertThat(Sql.queryLong(admin(), openTransactionsQuery())).as("connections inside a transaction")
						.isZero());
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError("Storm " + storm + ": " + ex.getMessage() + leftBehind(), ex);
		}
		ConnectionFactory data = database().connectionFactory();
		// Named in the failure: a tag ending in "j" is a POST /notes/joined, one ending in
		// " (repository)" the repository's half; " (routed)" notes have no other half.
		List<String> halfWritten = Sql.strings(data, "SELECT a.text FROM note a WHERE a.text NOT LIKE '% (repository)' "
				+ "AND a.text NOT LIKE '% (routed)' AND NOT EXISTS (SELECT 1 FROM note b WHERE b.text = CONCAT(a.text, ' (repository)'))");
		halfWritten.addAll(Sql.strings(data, "SELECT b.text FROM note b WHERE b.text LIKE '% (repository)' AND "
				+ "NOT EXISTS (SELECT 1 FROM note a WHERE CONCAT(a.text, ' (repository)') = b.text)"));
		assertThat(halfWritten).as("notes written without the other of their transaction").isEmpty();
		assertThat(Sql.queryLong(data, "SELECT COUNT(*) FROM purchase_order WHERE quantity = 0"))
			.as("orders answered 400 but committed")
			.isZero();
		// A transfer that is retried after a deadlock, or cut short by a reset, moves its
		// amount whole or not at all.
		assertThat(Sql.queryLong(data, "SELECT SUM(balance) FROM account")).as("money of the accounts")
			.isEqualTo(ACCOUNTS * ACCOUNT_BALANCE);
		System.out.printf("[storm %s %d/%d] afterwards: 0 acquired, 0 in a transaction, %d notes in pairs, %d orders%n",
				database().name(), storm, STORMS, Sql.count(data, "note"), Sql.count(data, "purchase_order"));
	}

	/**
	 * What a failed settle left behind, for the failure message: each bind's pool, the
	 * connections its sessions took and gave back (a pool holding more than its sessions
	 * keeps one that code outside any session took), and whether the pools settle later.
	 */
	private String leftBehind() {
		StringBuilder report = new StringBuilder();
		long start = System.nanoTime();
		long settled = -1;
		while (settled < 0 && System.nanoTime() - start < Duration.ofSeconds(30).toNanos()) {
			if (BINDS.stream().allMatch((key) -> pool(key).getMetrics().orElseThrow().acquiredSize() == 0)) {
				settled = System.nanoTime() - start;
			}
			else {
				sleep(Duration.ofMillis(100));
			}
		}
		for (String key : BINDS) {
			PoolMetrics pool = pool(key).getMetrics().orElseThrow();
			double taken = this.meters.get("sa.sessions.connections.acquired").tag("key", key).counter().count();
			long givenBack = this.meters.get("sa.sessions.connections.held").tag("key", key).timer().count();
			report.append(String.format("%n  %s: pool acquired %d, allocated %d, pending %d; sessions took %.0f "
					+ "connections and gave back %d", key, pool.acquiredSize(), pool.allocatedSize(),
					pool.pendingAcquireSize(), taken, givenBack));
		}
		report.append((settled < 0) ? "\n  still acquired 30 s later"
				: "\n  every pool free %d ms later".formatted(Duration.ofNanos(settled).toMillis()));
		for (String open : Sql.strings(admin(), openTransactionsDetailQuery())) {
			report.append("\n  in a transaction: ").append(open);
		}
		return report.toString();
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Take every connection the bind's pool may hold at once, and make each answer a round
	 * trip: a connection left broken in the pool (one whose driver lost track of its
	 * replies) fails here even when no session picked it up.
	 */
	private void assertEveryConnectionAnswers(String key) {
		ConnectionPool pool = pool(key);
		int maxSize = pool.getMetrics().orElseThrow().getMaxAllocatedSize();
		List<Connection> connections = Flux.range(0, maxSize)
			.flatMap((i) -> pool.create(), maxSize)
			.collectList()
			.block(Duration.ofSeconds(10));
		try {
			assertThat(connections).as("connections of " + key + " held at once").hasSize(maxSize);
			for (Connection connection : connections) {
				assertThat(connection.isAutoCommit()).as("a connection of " + key + " handed out outside a transaction")
					.isTrue();
				assertThat(Mono.from(connection.validate(ValidationDepth.REMOTE)).block(Duration.ofSeconds(5)))
					.as("a connection of " + key + " answering a round trip")
					.isTrue();
			}
		}
		finally {
			Flux.fromIterable(connections).concatMap(Connection::close).blockLast(Duration.ofSeconds(10));
		}
	}

	private ConnectionPool pool(String key) {
		return (ConnectionPool) this.binds.connectionFactory(key);
	}

	/**
	 * The begin blocks of the sample's binds that ran again, by cause.
	 */
	private Map<String, Long> retries() {
		Map<String, Long> retries = new TreeMap<>();
		this.meters.find("sa.sessions.begin.retries").counters().forEach((counter) -> {
			if (counter.count() > 0) {
				retries.merge(counter.getId().getTag("cause"), (long) counter.count(), Long::sum);
			}
		});
		return retries;
	}

	private void report(int storm, Map<String, Long> outcomes) {
		Map<String, Long> byPoint = new TreeMap<>();
		outcomes.forEach((outcome, count) -> byPoint.merge(outcome.substring(outcome.indexOf(' ') + 1), count, Long::sum));
		System.out.printf("[storm %s %d/%d] %d requests: %s%n", database().name(), storm, STORMS, REQUESTS, byPoint);
	}

	/**
	 * The sample's routes, each with a request for it.
	 */
	private enum Route {

		QUICKSTART {
			@Override
			String request(String tag, ThreadLocalRandom random) {
				return get("/");
			}
		},

		ADD_NOTES {
			@Override
			String request(String tag, ThreadLocalRandom random) {
				return post("/notes?text=" + tag);
			}
		},

		JOINED_NOTES {
			@Override
			String request(String tag, ThreadLocalRandom random) {
				return post("/notes/joined?text=" + tag + "j");
			}
		},

		SERVICE_SESSION {
			@Override
			String request(String tag, ThreadLocalRandom random) {
				return get("/notes/count");
			}
		},

		STREAMED_ROWS {
			@Override
			String request(String tag, ThreadLocalRandom random) {
				return get("/rows");
			}
		},

		LIST_NOTES {
			@Override
			String request(String tag, ThreadLocalRandom random) {
				return get("/notes");
			}
		},

		TRANSFER {
			@Override
			String request(String tag, ThreadLocalRandom random) {
				// Two transfers in opposite directions between the same accounts deadlock;
				// the route's begin block runs again.
				int from = 1 + random.nextInt(ACCOUNTS);
				int to = 1 + (from + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
				return post("/accounts/transfer?from=" + from + "&to=" + to + "&amount=" + (1 + random.nextInt(9)));
			}
		},

		ADD_ORDER {
			@Override
			String request(String tag, ThreadLocalRandom random) {
				return post("/orders?item=" + tag + "&quantity=" + random.nextInt(3));
			}
		},

		BOTH_BINDS {
			@Override
			String request(String tag, ThreadLocalRandom random) {
				return get(random.nextBoolean() ? "/both" : "/fn/specific");
			}
		},

		READ_ONLY_REPORTS {
			@Override
			String request(String tag, ThreadLocalRandom random) {
				return get("/reports/summary");
			}
		},

		KOTLIN_REMINDERS {
			@Override
			String request(String tag, ThreadLocalRandom random) {
				return switch (random.nextInt(3)) {
					case 0 -> post("/reminders?text=" + tag);
					case 1 -> get("/reminders");
					default -> get(random.nextBoolean() ? "/reminders/notes/count" : "/co/notes/count");
				};
			}
		},

		ROUTED_SESSION {
			@Override
			String request(String tag, ThreadLocalRandom random) {
				// A routed session writes sa_main then sa_second, or reads both. Its note is
				// alone in its bind: the check of note pairs leaves it out by its suffix.
				return random.nextBoolean() ? post("/routed/notes?text=" + tag + "%20(routed)") : get("/routed/summary");
			}
		},

		BOOK_VIEWS {
			@Override
			String request(String tag, ThreadLocalRandom random) {
				return random.nextBoolean() ? get("/books?page_key=" + (1 + random.nextInt(2)))
						: get("/books/" + (1 + random.nextInt(25)));
			}
		};

		abstract String request(String tag, ThreadLocalRandom random);

		private static String get(String uri) {
			return "GET " + uri + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
		}

		private static String post(String uri) {
			return "POST " + uri + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: 0\r\n\r\n";
		}

	}

}
