package io.github.reactivesessions.benchmarks;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

import io.netty.handler.codec.http.HttpMethod;

import io.github.reactivesessions.benchmarks.app.BenchmarkPools;
import io.github.reactivesessions.benchmarks.app.Page;

/**
 * What is measured: a route that both applications answer, and the requests sent to it.
 */
public enum Scenario {

	/**
	 * A route that touches no database; the starter side has two middleware binds.
	 */
	S1("no database"),

	/**
	 * {@code session.get} inside {@code begin} against {@code template.selectOne} in a
	 * {@code TransactionalOperator}.
	 */
	S2("read by id"),

	/**
	 * {@code session.add} and {@code commit} against {@code template.insert} in a
	 * {@code TransactionalOperator}.
	 */
	S3("insert and commit"),

	/**
	 * A page of 20 with the total: session select and count against template select and
	 * count in a {@code TransactionalOperator}.
	 */
	S4("page of 20 with total");

	/**
	 * Rows every database scenario starts with; S2 reads and S4 pages through them.
	 */
	static final int SEED_ROWS = 1000;

	private final String title;

	Scenario(String title) {
		this.title = title;
	}

	/**
	 * Return what the scenario measures.
	 * @return the title
	 */
	public String title() {
		return this.title;
	}

	/**
	 * Return the n-th request of the scenario; every side gets the same sequence.
	 */
	Request request(long n) {
		return switch (this) {
			case S1 -> Request.get("/s1/ping");
			case S2 -> Request.get("/s2/items/" + itemId(n));
			case S3 -> Request.post("/s3/items", "{\"name\":\"item-%d\",\"quantity\":%d}".formatted(n, n % 100));
			case S4 -> Request.get("/s4/items?page_key=" + pageKey(n));
		};
	}

	/**
	 * Return the id of the seeded row that S2's n-th request reads.
	 */
	static long itemId(long n) {
		return n % SEED_ROWS + 1;
	}

	/**
	 * Return the key of the page of 20 that S4's n-th request asks for.
	 */
	static int pageKey(long n) {
		return (int) (n % (SEED_ROWS / Page.SIZE)) + 1;
	}

	/**
	 * Properties of the starter's application: its binds, on the benchmark's pools.
	 */
	Map<String, String> starterBinds() {
		if (this == S1) {
			return Map.of("sa.binds.sa_main.connection-factory", BenchmarkPools.MAIN,
					"sa.binds.sa_second.connection-factory", BenchmarkPools.SECOND);
		}
		return Map.of("sa.binds.sa_main.connection-factory", BenchmarkPools.MAIN);
	}

	static Scenario parse(String name) {
		return Arrays.stream(values())
			.filter((scenario) -> scenario.name().equals(name.toUpperCase(Locale.ROOT)))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("unknown scenario '" + name + "': use S1, S2, S3 or S4"));
	}

	/**
	 * One HTTP request.
	 */
	record Request(HttpMethod method, String path, String body) {

		static Request get(String path) {
			return new Request(HttpMethod.GET, path, "");
		}

		static Request post(String path, String body) {
			return new Request(HttpMethod.POST, path, body);
		}

	}

}
