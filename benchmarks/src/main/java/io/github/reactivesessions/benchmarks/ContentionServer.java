package io.github.reactivesessions.benchmarks;

import java.util.Arrays;
import java.util.Locale;

/**
 * The database servers the contention benchmark runs on, each in a namespace of its own:
 * a schema of the PostgreSQL server, a database of the MariaDB or MySQL server.
 */
public enum ContentionServer {

	/**
	 * PostgreSQL: a deadlock is found once a transaction has waited {@code deadlock_timeout}
	 * (1s by default) for a lock, and fails one of its transactions with SQLSTATE 40P01.
	 */
	POSTGRES("SA_TEST_POSTGRES_URL", "r2dbc:postgresql://postgres@127.0.0.1:5432/test",
			"SELECT 'PostgreSQL ' || current_setting('server_version') || ', deadlock_timeout '"
					+ " || current_setting('deadlock_timeout') || ', default isolation '"
					+ " || current_setting('default_transaction_isolation')"),

	/**
	 * MariaDB or MySQL: InnoDB finds a deadlock when a lock wait closes a cycle and fails a
	 * transaction with error 1213 at once; a lock wait ends after
	 * {@code innodb_lock_wait_timeout} (50s by default) with error 1205.
	 */
	MYSQL("SA_TEST_MYSQL_URL", "r2dbc:mysql://root@127.0.0.1:3306/test",
			"SELECT CONCAT(VERSION(), ', innodb_lock_wait_timeout ', @@innodb_lock_wait_timeout, 's, "
					+ "innodb_deadlock_detect ', @@innodb_deadlock_detect, ', default isolation ', @@tx_isolation)");

	private final String urlVariable;

	private final String fallbackUrl;

	private final String settingsQuery;

	ContentionServer(String urlVariable, String fallbackUrl, String settingsQuery) {
		this.urlVariable = urlVariable;
		this.fallbackUrl = fallbackUrl;
		this.settingsQuery = settingsQuery;
	}

	/**
	 * Return the url the suites of the library use: from the environment, or the local
	 * server's.
	 */
	String defaultUrl() {
		return System.getenv().getOrDefault(this.urlVariable, this.fallbackUrl);
	}

	/**
	 * Return a query of one text column: the server's version and the settings that decide
	 * how its transactions conflict.
	 */
	String settingsQuery() {
		return this.settingsQuery;
	}

	/**
	 * Create a namespace of the benchmark's own on the server.
	 * @param url R2DBC url of the server
	 * @throws DatabaseUnavailableException when the server cannot be reached
	 */
	BenchDatabase open(String url) {
		return switch (this) {
			case POSTGRES -> new PostgresBenchDatabase(url);
			case MYSQL -> new MySqlBenchDatabase(url);
		};
	}

	/**
	 * Return the name of the table rows: {@code postgres}, {@code mysql}.
	 */
	String label() {
		return name().toLowerCase(Locale.ROOT);
	}

	static ContentionServer parse(String name) {
		return Arrays.stream(values())
			.filter((server) -> server.label().equals(name.toLowerCase(Locale.ROOT)))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("unknown database '" + name + "': use postgres or mysql"));
	}

}
