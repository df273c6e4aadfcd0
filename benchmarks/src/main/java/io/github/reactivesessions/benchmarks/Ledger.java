package io.github.reactivesessions.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Row;

/**
 * The accounts of the contention benchmark and the log of the transfers that committed,
 * read back at the end: every transfer moves its amount and logs itself in one
 * transaction, so each balance must be its start plus what the log says it received minus
 * what it sent, and the log must hold each request that answered 2xx exactly once. A lost
 * transfer (committed half, or answered 2xx without committing) or a doubled one (a retry
 * that ran after its attempt had committed) breaks one of these.
 *
 * @param balances balance of each account, by id
 * @param received sum of the logged transfers into each account, by id
 * @param sent sum of the logged transfers out of each account, by id
 * @param transfers rows of the log
 * @param requests distinct request numbers in the log
 */
record Ledger(Map<Long, Long> balances, Map<Long, Long> received, Map<Long, Long> sent, long transfers,
		long requests) {

	/**
	 * Balance every account starts with: large enough that no balance goes negative.
	 */
	static final long START_BALANCE = 1_000_000;

	Ledger {
		balances = new TreeMap<>(balances);
		received = new TreeMap<>(received);
		sent = new TreeMap<>(sent);
	}

	/**
	 * Create the tables, with accounts numbered from 1, each at {@link #START_BALANCE}. The
	 * log has no key nor index: a doubled transfer must show in it, not fail on it, and an
	 * index would add lock waits of its own.
	 */
	static void create(ConnectionFactory connectionFactory, int accounts) {
		Sql.execute(connectionFactory, "CREATE TABLE account (id BIGINT PRIMARY KEY, balance BIGINT NOT NULL)",
				"CREATE TABLE transfer_log (request_id BIGINT NOT NULL, from_id BIGINT NOT NULL, "
						+ "to_id BIGINT NOT NULL, amount BIGINT NOT NULL)",
				"INSERT INTO account (id, balance) VALUES " + LongStream.rangeClosed(1, accounts)
					.mapToObj((id) -> "(%d, %d)".formatted(id, START_BALANCE))
					.collect(Collectors.joining(", ")));
	}

	/**
	 * Read the balances and the log's sums.
	 */
	static Ledger read(ConnectionFactory connectionFactory) {
		Map<Long, Long> balances = sums(connectionFactory, "SELECT id, balance FROM account");
		Map<Long, Long> received = sums(connectionFactory,
				"SELECT to_id, SUM(amount) FROM transfer_log GROUP BY to_id");
		Map<Long, Long> sent = sums(connectionFactory, "SELECT from_id, SUM(amount) FROM transfer_log GROUP BY from_id");
		long[] counts = Sql.query(connectionFactory, "SELECT COUNT(*), COUNT(DISTINCT request_id) FROM transfer_log",
				(row) -> new long[] { number(row, 0), number(row, 1) })
			.get(0);
		return new Ledger(balances, received, sent, counts[0], counts[1]);
	}

	private static Map<Long, Long> sums(ConnectionFactory connectionFactory, String sql) {
		Map<Long, Long> sums = new TreeMap<>();
		Sql.query(connectionFactory, sql, (row) -> new long[] { number(row, 0), number(row, 1) })
			.forEach((pair) -> sums.put(pair[0], pair[1]));
		return sums;
	}

	/**
	 * A number column as the driver gives it: a SUM of BIGINTs is NUMERIC on PostgreSQL and
	 * DECIMAL on MySQL.
	 */
	private static long number(Row row, int index) {
		Object value = row.get(index);
		return (value != null) ? ((Number) value).longValue() : 0;
	}

	/**
	 * Return what is wrong with the ledger, nothing when every transfer landed once.
	 * @param accounts how many accounts there were
	 * @param answered requests that answered 2xx, each of which committed one transfer
	 * @return a description of each problem
	 */
	List<String> problems(int accounts, long answered) {
		List<String> problems = new ArrayList<>();
		if (this.balances.size() != accounts) {
			problems.add("%d accounts instead of %d".formatted(this.balances.size(), accounts));
		}
		long total = this.balances.values().stream().mapToLong(Long::longValue).sum();
		if (total != accounts * START_BALANCE) {
			problems.add("the balances add up to %d instead of %d".formatted(total, accounts * START_BALANCE));
		}
		this.balances.forEach((id, balance) -> {
			long expected = START_BALANCE + this.received.getOrDefault(id, 0L) - this.sent.getOrDefault(id, 0L);
			if (balance != expected) {
				problems.add("account %d holds %d, its start plus the logged transfers say %d".formatted(id, balance,
						expected));
			}
		});
		if (this.transfers != this.requests) {
			problems.add("%d transfers logged for %d requests: %d doubled".formatted(this.transfers, this.requests,
					this.transfers - this.requests));
		}
		if (this.requests != answered) {
			problems.add("%d requests logged, %d answered 2xx".formatted(this.requests, answered));
		}
		return problems;
	}

}
