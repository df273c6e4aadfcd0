package io.github.reactivesessions.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.github.reactivesessions.bind.Pooler;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.r2dbc.spi.Option;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.callback.BaseCallback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.output.MigrateResult;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Runs the Flyway migrations of one bind ({@code sa.binds.<key>.flyway}) over JDBC. Spring
 * Boot's Flyway support migrates the one JDBC DataSource of an application; a bind has an
 * R2DBC url, from which the JDBC url is derived here (H2, PostgreSQL, MySQL and MariaDB).
 * Flyway itself and the JDBC driver are the application's dependencies.
 */
final class BindMigrations {

	private static final Log logger = LogFactory.getLog(BindMigrations.class);

	private final String key;

	private final BindFlywayProperties flyway;

	private final @Nullable String r2dbcUrl;

	private final @Nullable String username;

	private final @Nullable String password;

	private final Map<String, String> options;

	private final Pooler pooler;

	private final @Nullable ClassLoader classLoader;

	BindMigrations(String key, SaProperties.Bind bind, @Nullable ClassLoader classLoader) {
		this.key = key;
		this.flyway = bind.getFlyway();
		this.r2dbcUrl = bind.getUrl();
		this.username = bind.getUsername();
		this.password = bind.getPassword();
		this.options = bind.getOptions();
		this.pooler = bind.getPooler();
		this.classLoader = classLoader;
	}

	/**
	 * Run the pending migrations.
	 * @throws BindInitializationException when Flyway or the JDBC driver is missing, or a
	 * migration fails, naming its script
	 */
	void migrate() {
		if (!ClassUtils.isPresent("org.flywaydb.core.Flyway", this.classLoader)) {
			throw failure(new IllegalStateException(("sa.binds.%s.flyway.enabled is true but Flyway is not "
					+ "on the class path: add org.flywaydb:flyway-core (and flyway-database-postgresql or flyway-mysql "
					+ "for those databases)").formatted(this.key)));
		}
		Jdbc jdbc = jdbc();
		if (jdbc.driverClass() != null && !ClassUtils.isPresent(jdbc.driverClass(), this.classLoader)) {
			throw failure(new IllegalStateException(("Bind '%s' runs its Flyway migrations over JDBC, which "
					+ "needs the JDBC driver %s (%s) on the class path").formatted(this.key, jdbc.driverClass(),
							jdbc.dependency())));
		}
		// {vendor} as in Spring Boot's spring.flyway.locations: h2, postgresql, mysql or mariadb.
		List<String> locations = (this.flyway.getLocations().isEmpty() ? List.of("classpath:db/migration/" + this.key)
				: this.flyway.getLocations()).stream().map((location) -> location.replace("{vendor}", jdbc.vendor()))
			.toList();
		AtomicReference<String> script = new AtomicReference<>();
		String applied;
		try {
			// The credentials of the url first, then the bind's, as its R2DBC connections log in.
			applied = WithFlyway.migrate(this.classLoader, jdbc.url(),
					first(this.flyway.getUser(), jdbc.user(), this.username),
					first(this.flyway.getPassword(), jdbc.password(), this.password), locations, this.flyway, script);
		}
		catch (RuntimeException | LinkageError ex) {
			String step = (script.get() != null)
					? "the Flyway migration " + script.get() + " (" + String.join(", ", locations) + ")"
					: "the Flyway migrations of " + String.join(", ", locations);
			throw new BindInitializationException(this.key, step, "flyway (locations, url, user, password)", ex);
		}
		logger.info("Bind '%s': %s".formatted(this.key, applied));
	}

	private BindInitializationException failure(Throwable ex) {
		return new BindInitializationException(this.key, "the Flyway migrations",
				"flyway (enabled, url) or the build's dependencies", ex);
	}

	private static @Nullable String first(@Nullable String... values) {
		for (String value : values) {
			if (StringUtils.hasText(value)) {
				return value;
			}
		}
		return null;
	}

	/**
	 * The JDBC url and driver of the bind's database: {@code flyway.url} when set, else
	 * derived from the R2DBC url.
	 */
	Jdbc jdbc() {
		String url = this.flyway.getUrl();
		if (StringUtils.hasText(url)) {
			return Jdbc.of(url, Jdbc.vendorOf(url), null, null);
		}
		if (!StringUtils.hasText(this.r2dbcUrl)) {
			throw failure(new IllegalStateException(("Bind '%s' has no url to derive the JDBC url of its "
					+ "migrations from: set sa.binds.%s.flyway.url").formatted(this.key, this.key)));
		}
		try {
			return Jdbc.fromR2dbc(this.r2dbcUrl, this.options, this.pooler, this.classLoader);
		}
		catch (IllegalArgumentException ex) {
			throw failure(new IllegalStateException(("%s: set sa.binds.%s.flyway.url to the JDBC url of the "
					+ "database").formatted(ex.getMessage(), this.key), ex));
		}
	}

	/**
	 * A JDBC url with the vendor its locations name, the driver it needs (when it is one of
	 * the databases the bind supports), and the credentials the R2DBC url carried.
	 */
	record Jdbc(String url, String vendor, @Nullable String driverClass, @Nullable String dependency,
			@Nullable String user, @Nullable String password) {

		static Jdbc of(String url, String vendor, @Nullable String user, @Nullable String password) {
			if (url.startsWith("jdbc:postgresql:")) {
				return new Jdbc(url, vendor, "org.postgresql.Driver", "org.postgresql:postgresql", user, password);
			}
			if (url.startsWith("jdbc:mariadb:")) {
				return new Jdbc(url, vendor, "org.mariadb.jdbc.Driver", "org.mariadb.jdbc:mariadb-java-client", user,
						password);
			}
			if (url.startsWith("jdbc:mysql:")) {
				return new Jdbc(url, vendor, "com.mysql.cj.jdbc.Driver", "com.mysql:mysql-connector-j", user, password);
			}
			if (url.startsWith("jdbc:h2:")) {
				return new Jdbc(url, vendor, "org.h2.Driver", "com.h2database:h2", user, password);
			}
			// Another database of the user's: its driver is Flyway's and the user's business.
			return new Jdbc(url, vendor, null, null, user, password);
		}

		/**
		 * The vendor of a JDBC url: its sub-protocol, such as {@code postgresql}.
		 */
		static String vendorOf(String url) {
			String rest = url.startsWith("jdbc:") ? url.substring(5) : url;
			int colon = rest.indexOf(':');
			return (colon < 0) ? rest : rest.substring(0, colon);
		}

		static Jdbc fromR2dbc(String r2dbcUrl, Map<String, String> bindOptions, Pooler pooler,
				@Nullable ClassLoader classLoader) {
			ConnectionFactoryOptions options = ConnectionFactoryOptions.parse(r2dbcUrl);
			String driver = String.valueOf(options.getValue(ConnectionFactoryOptions.DRIVER));
			String protocol = (String) options.getValue(ConnectionFactoryOptions.PROTOCOL);
			if ("pool".equals(driver) && protocol != null) {
				int colon = protocol.indexOf(':');
				driver = (colon < 0) ? protocol : protocol.substring(0, colon);
				protocol = (colon < 0) ? null : protocol.substring(colon + 1);
			}
			String user = (String) options.getValue(ConnectionFactoryOptions.USER);
			CharSequence password = (CharSequence) options.getValue(ConnectionFactoryOptions.PASSWORD);
			String database = (String) options.getValue(ConnectionFactoryOptions.DATABASE);
			String address = hostAndPort(options);
			String schema = (String) options.getValue(Option.valueOf("schema"));
			String url = switch (driver) {
				case "h2" -> h2(protocol, address, database, (String) options.getValue(Option.valueOf("options")));
				case "postgresql", "postgres" -> "jdbc:postgresql://" + address + "/" + nonNull(database)
						+ postgresParameters((schema != null) ? schema : bindOptions.get("schema"), pooler);
				case "mysql", "mariadb" -> (ClassUtils.isPresent("org.mariadb.jdbc.Driver", classLoader)
						|| !ClassUtils.isPresent("com.mysql.cj.jdbc.Driver", classLoader) ? "jdbc:mariadb://"
								: "jdbc:mysql://") + address + "/" + nonNull(database);
				default -> throw new IllegalArgumentException(
						"No JDBC url can be derived from the R2DBC driver '%s'".formatted(driver));
			};
			// The vendor is the R2DBC driver's database, whichever JDBC driver is there.
			String vendor = driver.equals("postgres") ? "postgresql" : driver;
			return of(url, vendor, user, (password != null) ? password.toString() : null);
		}

		private static String h2(@Nullable String protocol, String address, @Nullable String database,
				@Nullable String h2Options) {
			String url = "tcp".equals(protocol) ? "jdbc:h2:tcp://" + address + "/" + nonNull(database)
					: "jdbc:h2:" + protocol + ":" + nonNull(database);
			return StringUtils.hasText(h2Options) ? url + ";" + h2Options.replace('&', ';') : url;
		}

		// r2dbc-postgresql's schema option sets the search path; pgJDBC's currentSchema does.
		// Behind a transaction pooler pgJDBC must not name its prepared statements, which
		// another backend may already have ("prepared statement S_1 already exists").
		private static String postgresParameters(@Nullable String schema, Pooler pooler) {
			List<String> parameters = new ArrayList<>();
			if (StringUtils.hasText(schema)) {
				parameters.add("currentSchema=" + schema);
			}
			if (pooler == Pooler.TRANSACTION) {
				parameters.add("prepareThreshold=0");
			}
			return parameters.isEmpty() ? "" : "?" + String.join("&", parameters);
		}

		private static String hostAndPort(ConnectionFactoryOptions options) {
			Object host = options.getValue(ConnectionFactoryOptions.HOST);
			Object port = options.getValue(ConnectionFactoryOptions.PORT);
			return (host != null ? host : "localhost") + ((port != null) ? ":" + port : "");
		}

		private static String nonNull(@Nullable String database) {
			if (database == null) {
				throw new IllegalArgumentException("The R2DBC url names no database");
			}
			return database;
		}

	}

	// The only class that uses Flyway's types: loaded once Flyway is known to be there.
	private static final class WithFlyway {

		static String migrate(@Nullable ClassLoader classLoader, String url, @Nullable String user,
				@Nullable String password, List<String> locations, BindFlywayProperties properties,
				AtomicReference<String> script) {
			MigrateResult result = Flyway.configure(classLoader)
				.dataSource(url, user, password)
				.locations(locations.toArray(String[]::new))
				.table(properties.getTable())
				.baselineOnMigrate(properties.isBaselineOnMigrate())
				.baselineVersion(properties.getBaselineVersion())
				.callbacks(new CurrentScript(script))
				.load()
				.migrate();
			return "%d Flyway migrations applied from %s, schema version %s".formatted(result.migrationsExecuted,
					String.join(", ", locations),
					(result.targetSchemaVersion != null) ? result.targetSchemaVersion : result.initialSchemaVersion);
		}

	}

	// The script being applied, to name it when it fails.
	private static final class CurrentScript extends BaseCallback {

		private final AtomicReference<String> script;

		CurrentScript(AtomicReference<String> script) {
			this.script = script;
		}

		@Override
		public boolean supports(Event event, Context context) {
			return event == Event.BEFORE_EACH_MIGRATE;
		}

		@Override
		public void handle(Event event, Context context) {
			this.script.set(context.getMigrationInfo().getScript());
		}

	}

}
