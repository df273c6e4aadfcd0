package io.github.reactivesessions.bind;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.r2dbc.spi.ConnectionFactoryOptions;
import io.r2dbc.spi.Option;

/**
 * The driver options of a bind behind a transaction-mode pooler ({@link Pooler#TRANSACTION}):
 * r2dbc-postgresql keeps no prepared statement ({@code preparedStatementCacheQueries=0}, so
 * every statement is parsed in the round trip that runs it, as an unnamed statement), since
 * a statement it prepared on one server connection does not exist on the one the pooler
 * gives its next transaction; and the options that set state on the server connection at
 * startup are refused, since the pooler does not carry them over either.
 */
final class TransactionPooling {

	static final String STATEMENT_CACHE = "preparedStatementCacheQueries";

	// r2dbc-postgresql options sent as startup parameters: PgBouncer refuses those it does
	// not know, and with ignore_startup_parameters drops them.
	private static final List<String> SESSION_STATE_OPTIONS = List.of("schema", "options");

	private TransactionPooling() {
	}

	/**
	 * The driver options of the bind, with the statement cache turned off.
	 * @throws InvalidBindTargetException for a url of another driver than PostgreSQL's, or
	 * options the pooler cannot keep
	 */
	static Map<String, String> options(String key, String url, Map<String, String> options) {
		ConnectionFactoryOptions parsed;
		try {
			parsed = ConnectionFactoryOptions.parse(url);
		}
		catch (IllegalArgumentException ex) {
			// Reported, with the url masked, when the connection factory is created.
			return options;
		}
		String driver = String.valueOf(parsed.getValue(ConnectionFactoryOptions.DRIVER)).toLowerCase(Locale.ROOT);
		if (!driver.equals("postgresql") && !driver.equals("postgres")) {
			throw new InvalidBindTargetException(key, ("Bind '%s' has pooler: transaction, which is for PostgreSQL "
					+ "binds behind a transaction-mode pooler such as PgBouncer; its url's driver is '%s'")
				.formatted(key, driver));
		}
		for (String name : SESSION_STATE_OPTIONS) {
			if (parsed.hasOption(Option.valueOf(name)) || options.containsKey(name)) {
				throw new InvalidBindTargetException(key, ("Bind '%s' has pooler: transaction and sets the driver "
						+ "option '%s', which sets state on the server connection when it opens: a transaction-mode "
						+ "pooler gives each transaction whatever server connection is free, where that state does not "
						+ "hold (PgBouncer refuses the parameter, or drops it with ignore_startup_parameters). Qualify "
						+ "the names of the tables, or set it on the role (ALTER ROLE ... SET search_path = ...)")
					.formatted(key, name));
			}
		}
		Object cache = parsed.hasOption(Option.valueOf(STATEMENT_CACHE)) ? parsed.getValue(Option.valueOf(STATEMENT_CACHE))
				: options.get(STATEMENT_CACHE);
		if (cache != null && !"0".equals(String.valueOf(cache).trim())) {
			throw new InvalidBindTargetException(key, ("Bind '%s' has pooler: transaction and sets %s=%s: a prepared "
					+ "statement lives on one server connection, which the pooler does not keep for the bind. Remove "
					+ "the option; pooler: transaction sets it to 0").formatted(key, STATEMENT_CACHE, cache));
		}
		Map<String, String> withoutCache = new LinkedHashMap<>(options);
		withoutCache.put(STATEMENT_CACHE, "0");
		return withoutCache;
	}

}
