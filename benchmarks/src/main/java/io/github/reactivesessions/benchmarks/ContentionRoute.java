package io.github.reactivesessions.benchmarks;

import java.util.SplittableRandom;

/**
 * The routes of the contention application ({@code TransferRoutes}): the same transfer in
 * a {@code begin} block that retries and in one that runs once.
 */
enum ContentionRoute {

	RETRY("retry", "`TransactionRetry.attempts(10)`", "/transfer/retry"),

	ONCE("once", "`TransactionRetry.none()`", "/transfer/once");

	private final String label;

	private final String code;

	private final String path;

	ContentionRoute(String label, String code, String path) {
		this.label = label;
		this.code = code;
		this.path = path;
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
	 * Return the route's short name, for the table: {@code retry}, {@code once}.
	 */
	String label() {
		return this.label;
	}

	/**
	 * Return the retry of the route's {@code begin} block, as Markdown.
	 */
	String code() {
		return this.code;
	}

	@Override
	public String toString() {
		return this.label;
	}

}
