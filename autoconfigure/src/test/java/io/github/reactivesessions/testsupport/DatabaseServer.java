package io.github.reactivesessions.testsupport;

import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

/**
 * A database server the suites can run against, with the environment variable that points
 * at it and the local default used when the variable is not set.
 */
public enum DatabaseServer {

	/**
	 * PostgreSQL.
	 */
	POSTGRES("PostgreSQL", "SA_TEST_POSTGRES_URL", "r2dbc:postgresql://postgres@127.0.0.1:5432/test"),

	/**
	 * MySQL, or MariaDB through the same driver.
	 */
	MYSQL("MySQL/MariaDB", "SA_TEST_MYSQL_URL", "r2dbc:mysql://root@127.0.0.1:3306/test"),

	/**
	 * PgBouncer in transaction mode in front of the PostgreSQL server, as
	 * {@code scripts/services.sh start} runs it.
	 */
	PGBOUNCER("PgBouncer (scripts/services.sh start)", "SA_TEST_PGBOUNCER_URL",
			"r2dbc:postgresql://postgres@127.0.0.1:6432/test"),

	/**
	 * A streaming replica of the PostgreSQL server, as {@code scripts/services.sh start}
	 * runs it: it replays every database of the primary.
	 */
	REPLICA("PostgreSQL streaming replica (scripts/services.sh start)", "SA_TEST_REPLICA_URL",
			"r2dbc:postgresql://postgres@127.0.0.1:5433/test");

	private final String displayName;

	private final String environmentVariable;

	private final String defaultUrl;

	DatabaseServer(String displayName, String environmentVariable, String defaultUrl) {
		this.displayName = displayName;
		this.environmentVariable = environmentVariable;
		this.defaultUrl = defaultUrl;
	}

	/**
	 * Name of the server in messages.
	 */
	public String displayName() {
		return this.displayName;
	}

	/**
	 * Environment variable holding the R2DBC url of the server.
	 */
	public String environmentVariable() {
		return this.environmentVariable;
	}

	/**
	 * R2DBC url of the server, from the environment or the local default.
	 */
	public String url() {
		return url(System::getenv);
	}

	String url(UnaryOperator<@Nullable String> environment) {
		String url = environment.apply(this.environmentVariable);
		return (url != null && !url.isBlank()) ? url.trim() : this.defaultUrl;
	}

}
