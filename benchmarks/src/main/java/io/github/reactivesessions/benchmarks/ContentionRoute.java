package io.github.reactivesessions.benchmarks;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The routes of the contention application ({@code TransferRoutes}): the same transfer in
 * a {@code begin} block that retries and in one that runs once; on PostgreSQL also a
 * read-modify-write transfer at SERIALIZABLE, both ways.
 */
enum ContentionRoute {

	RETRY("retry", "two UPDATEs, `TransactionRetry.attempts(10)`", "/transfer/retry", true, false),

	ONCE("once", "two UPDATEs, `TransactionRetry.none()`", "/transfer/once", false, false),

	SERIALIZABLE_RETRY("serializable retry", "SERIALIZABLE read-modify-write, `TransactionRetry.attempts(10)`",
			"/transfer/serializable/retry", true, true),

	SERIALIZABLE_ONCE("serializable once", "SERIALIZABLE read-modify-write, `TransactionRetry.none()`",
			"/transfer/serializable/once", false, true);

	private final String label;

	private final String code;

	private final String path;

	private final boolean retries;

	private final boolean serializable;

	ContentionRoute(String label, String code, String path, boolean retries, boolean serializable) {
		this.label = label;
		this.code = code;
		this.path = path;
		this.retries = retries;
		this.serializable = serializable;
	}

	/**
	 * Return the routes that run on a server. SERIALIZABLE runs on PostgreSQL only: there it
	 * fails transfers with serialization failures, which the other routes do not show,
	 * where InnoDB's SERIALIZABLE takes shared locks on reads and fails them with deadlocks
	 * again.
	 */
	static List<ContentionRoute> on(ContentionServer server) {
		return Arrays.stream(values())
			.filter((route) -> !route.serializable || server == ContentionServer.POSTGRES)
			.toList();
	}

	/**
	 * Return the n-th request among the given number of accounts: two different accounts
	 * and an amount from 1 to 100, drawn from n alone, so that both routes get the same
	 * transfers in the same order. Its {@code request} number is unique among both routes'
	 * requests, for the log.
	 */
	Scenario.Request request(long n, int accounts) {
		SplittableRandom random = new SplittableRandom(n);
		int from = 1 + random.nextInt(accounts);
		int to = 1 + (from + random.nextInt(accounts - 1)) % accounts;
		int amount = 1 + random.nextInt(100);
		long request = n * values().length + ordinal();
		return Scenario.Request.post("%s?from=%d&to=%d&amount=%d&request=%d".formatted(this.path, from, to, amount,
				request), "");
	}

	/**
	 * Return whether the route's block retries: none of its requests should fail.
	 */
	boolean retries() {
		return this.retries;
	}

	/**
	 * Return the route's short name, for progress: {@code retry}, {@code once}.
	 */
	String label() {
		return this.label;
	}

	/**
	 * Return what the route's {@code begin} block does, as Markdown.
	 */
	String code() {
		return this.code;
	}

	@Override
	public String toString() {
		return this.label;
	}

}
