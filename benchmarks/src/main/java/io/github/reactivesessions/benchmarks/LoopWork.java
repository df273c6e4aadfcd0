package io.github.reactivesessions.benchmarks;

import java.time.Duration;
import java.util.function.IntConsumer;
import java.util.function.LongFunction;

import io.github.reactivesessions.benchmarks.app.CountingConnectionFactory;
import io.github.reactivesessions.benchmarks.app.Item;
import io.github.reactivesessions.benchmarks.app.Page;
import io.github.reactivesessions.bind.Binds;
import io.github.reactivesessions.session.ReactiveSessionFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.data.relational.core.query.Query;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * One side's work in the session loop, with its pool: given a number of operations, it
 * runs them and returns when they are done.
 *
 * <p>The session loop creates it by reflection in the side's class loader when the sides
 * are isolated ({@link SideClassLoader}), so it talks to the loop through JDK types only
 * ({@link IntConsumer}, {@link AutoCloseable}): its Reactor, Spring and driver classes, and
 * the code the JIT compiles for them, are then that side's alone, as in the HTTP benchmark.
 */
public final class LoopWork implements IntConsumer, AutoCloseable {

	private final Scenario scenario;

	private final CountingConnectionFactory pool;

	private final LongFunction<Mono<?>> work;

	private final int inFlight;

	/**
	 * Create a side's work on a pool of its own.
	 * @param scenario the scenario's name ({@code S1} to {@code S4})
	 * @param starter whether this is the starter's side
	 * @param url the R2DBC url of the H2 database
	 * @param inFlight operations at once
	 */
	public LoopWork(String scenario, boolean starter, String url, int inFlight) {
		this.scenario = Scenario.parse(scenario);
		this.pool = CountingConnectionFactory.pool(starter ? "starter" : "hand", url, 10);
		this.work = starter ? starterWork(this.scenario, this.pool) : handWork(this.scenario, this.pool);
		this.inFlight = inFlight;
	}

	/**
	 * Run the given number of operations, waiting for them to end.
	 * @throws IllegalStateException when S1 took a connection
	 */
	@Override
	public void accept(int operations) {
		run(this.work, operations, this.inFlight);
		if (this.scenario == Scenario.S1 && this.pool.acquisitions() != 0) {
			throw new IllegalStateException(
					"S1 took " + this.pool.acquisitions() + " connections: its sessions are not lazy");
		}
	}

	@Override
	public void close() {
		this.pool.destroy();
	}

	/**
	 * Run operations with at most {@code inFlight} at once, waiting for them to end.
	 */
	static void run(LongFunction<? extends Mono<?>> work, int operations, int inFlight) {
		Flux.range(0, operations).flatMap(work::apply, inFlight).then().block(Duration.ofMinutes(10));
	}

	private static LongFunction<Mono<?>> starterWork(Scenario scenario, CountingConnectionFactory pool) {
		if (scenario == Scenario.S1) {
			return new WebFilterWork(pool)::starter;
		}
		ReactiveSessionFactory sessions = ReactiveSessionFactory.builder(pool).key(Binds.DEFAULT_KEY).build();
		return switch (scenario) {
			case S2 -> (n) -> sessions.withSession((session) -> session.begin((s) -> s.get(Item.class, Scenario.itemId(n))));
			case S3 -> (n) -> sessions.withSession((session) -> {
				Item item = session.add(newItem(n));
				return session.commit().thenReturn(item);
			});
			case S4 -> (n) -> sessions.withSession((session) -> session.count(Item.class, Query.empty())
				.flatMap((total) -> session.select(Item.class, Page.query(Scenario.pageKey(n))).collectList()));
			case S1 -> throw new IllegalStateException("S1 is the web filter's work, returned above");
		};
	}

	private static LongFunction<Mono<?>> handWork(Scenario scenario, CountingConnectionFactory pool) {
		if (scenario == Scenario.S1) {
			return new WebFilterWork(pool)::handWritten;
		}
		R2dbcEntityTemplate template = new R2dbcEntityTemplate(pool);
		TransactionalOperator transactions = TransactionalOperator.create(new R2dbcTransactionManager(pool));
		return switch (scenario) {
			case S2 -> (n) -> template.selectOne(Query.query(Criteria.where("id").is(Scenario.itemId(n))), Item.class)
				.as(transactions::transactional);
			case S3 -> (n) -> template.insert(newItem(n)).as(transactions::transactional);
			case S4 -> (n) -> template.select(Page.query(Scenario.pageKey(n)), Item.class)
				.collectList()
				.flatMap((items) -> template.count(Query.empty(), Item.class))
				.as(transactions::transactional);
			case S1 -> throw new IllegalStateException("S1 is the web filter's work, returned above");
		};
	}

	private static Item newItem(long n) {
		Item item = new Item();
		item.setName("added-" + n);
		item.setQuantity((int) (n % 100));
		return item;
	}

}
