package io.github.reactivesessions.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.reactivesessions.bind.Binds;
import io.github.reactivesessions.bind.Pooler;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * Configuration properties of reactive-sessions: keyed databases under {@code sa.binds}.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("sa")
public class SaProperties {

	/**
	 * Key of the bind used wherever no key is given.
	 */
	private String defaultKey = Binds.DEFAULT_KEY;

	/**
	 * Databases by key; a key is a letter followed by letters, digits and underscores.
	 */
	private final Map<String, Bind> binds = new LinkedHashMap<>();

	/**
	 * Web layer: the session filter, @UseSession and session injection.
	 */
	private final Web web = new Web();

	public String getDefaultKey() {
		return this.defaultKey;
	}

	public void setDefaultKey(String defaultKey) {
		this.defaultKey = defaultKey;
	}

	public Map<String, Bind> getBinds() {
		return this.binds;
	}

	public Web getWeb() {
		return this.web;
	}

	/**
	 * Web layer settings.
	 */
	public static class Web {

		/**
		 * Whether to open sessions for web requests (filter, @UseSession, handler parameters).
		 */
		private boolean enabled = true;

		/**
		 * Order of the session filter; by default after Spring Security's filter chain (-100).
		 */
		private int filterOrder = -50;

		/**
		 * Wait a 503 answered for a session without connection asks its client for, in its
		 * Retry-After header.
		 */
		private Duration retryAfter = Duration.ofSeconds(5);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getFilterOrder() {
			return this.filterOrder;
		}

		public void setFilterOrder(int filterOrder) {
			this.filterOrder = filterOrder;
		}

		public Duration getRetryAfter() {
			return this.retryAfter;
		}

		public void setRetryAfter(Duration retryAfter) {
			this.retryAfter = retryAfter;
		}

	}

	/**
	 * One keyed database.
	 */
	public static class Bind {

		/**
		 * R2DBC url of the database, such as r2dbc:postgresql://localhost:5432/app.
		 */
		private @Nullable String url;

		/**
		 * Login username of the database, when not in the url.
		 */
		private @Nullable String username;

		/**
		 * Login password of the database, when not in the url.
		 */
		private @Nullable String password;

		/**
		 * Additional driver options, passed to the driver with the url.
		 */
		private final Map<String, String> options = new LinkedHashMap<>();

		/**
		 * How long opening a connection may take before it fails; 5s, or half the pool's
		 * max-acquire-time when that is shorter, when not set.
		 */
		private @Nullable Duration connectTimeout;

		/**
		 * Name of an existing ConnectionFactory bean to bind instead of a url.
		 */
		private @Nullable String connectionFactory;

		/**
		 * Whether the web filter opens a session of this bind for each request; when false,
		 * handlers open it with @UseSession.
		 */
		private boolean middleware = true;

		/**
		 * Path patterns under which the web filter opens this bind's session; all paths when
		 * empty.
		 */
		private List<String> paths = new ArrayList<>();

		/**
		 * Path patterns under which the web filter does not open this bind's session.
		 */
		private List<String> excludePaths = new ArrayList<>();

		/**
		 * Whether the web filter commits the session's open transaction when the handler
		 * succeeds with a status below 400, and rolls it back otherwise.
		 */
		private boolean commitOnSuccess;

		/**
		 * Whether a commit clears the session's identity map, so that held entities are
		 * reloaded.
		 */
		private boolean expireOnCommit;

		/**
		 * Whether sessions of this bind open read-only transactions and refuse to write.
		 */
		private boolean readOnly;

		/**
		 * Whether sessions run their reads outside a transaction until they first write or
		 * begin. By default true on PostgreSQL and H2 (READ COMMITTED), false on MySQL and
		 * MariaDB (REPEATABLE READ) and other databases.
		 */
		private @Nullable Boolean autocommitReads;

		/**
		 * Whether to log every statement of this bind with its parameters and duration.
		 */
		private boolean echo;

		/**
		 * Connection pooler between the bind and its database: transaction for one that
		 * hands out a server connection per transaction, such as PgBouncer's transaction
		 * mode (PostgreSQL only).
		 */
		private Pooler pooler = Pooler.NONE;

		/**
		 * Packages whose @Table entities belong to this bind (an entity's @BindKey does the
		 * same); entities that name no bind belong to the default bind.
		 */
		private List<String> entityPackages = new ArrayList<>();

		/**
		 * Connection pool of the bind.
		 */
		@NestedConfigurationProperty
		private final BindPoolProperties pool = new BindPoolProperties();

		/**
		 * Schema and data initialization of the bind at startup.
		 */
		private final Init init = new Init();

		/**
		 * How the bind's begin blocks run again after a serialization failure, a deadlock
		 * or a lock wait timeout.
		 */
		@NestedConfigurationProperty
		private final BindRetryProperties retry = new BindRetryProperties();

		/**
		 * Flyway migrations of the bind, run at startup over JDBC.
		 */
		@NestedConfigurationProperty
		private final BindFlywayProperties flyway = new BindFlywayProperties();

		/**
		 * Read replicas of the bind: the sessions of GET, HEAD and OPTIONS requests read on
		 * one, in read-only transactions, and every write goes to the bind's url.
		 */
		private List<BindReplicaProperties> replicas = new ArrayList<>();

		/**
		 * How the bind's sessions use its read replicas.
		 */
		@NestedConfigurationProperty
		private final BindReplicaReadsProperties replicaReads = new BindReplicaReadsProperties();

		public @Nullable String getUrl() {
			return this.url;
		}

		public void setUrl(@Nullable String url) {
			this.url = url;
		}

		public @Nullable String getUsername() {
			return this.username;
		}

		public void setUsername(@Nullable String username) {
			this.username = username;
		}

		public @Nullable String getPassword() {
			return this.password;
		}

		public void setPassword(@Nullable String password) {
			this.password = password;
		}

		public Map<String, String> getOptions() {
			return this.options;
		}

		public @Nullable Duration getConnectTimeout() {
			return this.connectTimeout;
		}

		public void setConnectTimeout(@Nullable Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
		}

		public @Nullable String getConnectionFactory() {
			return this.connectionFactory;
		}

		public void setConnectionFactory(@Nullable String connectionFactory) {
			this.connectionFactory = connectionFactory;
		}

		public boolean isMiddleware() {
			return this.middleware;
		}

		public void setMiddleware(boolean middleware) {
			this.middleware = middleware;
		}

		public List<String> getPaths() {
			return this.paths;
		}

		public void setPaths(List<String> paths) {
			this.paths = paths;
		}

		public List<String> getExcludePaths() {
			return this.excludePaths;
		}

		public void setExcludePaths(List<String> excludePaths) {
			this.excludePaths = excludePaths;
		}

		public boolean isCommitOnSuccess() {
			return this.commitOnSuccess;
		}

		public void setCommitOnSuccess(boolean commitOnSuccess) {
			this.commitOnSuccess = commitOnSuccess;
		}

		public boolean isExpireOnCommit() {
			return this.expireOnCommit;
		}

		public void setExpireOnCommit(boolean expireOnCommit) {
			this.expireOnCommit = expireOnCommit;
		}

		public boolean isReadOnly() {
			return this.readOnly;
		}

		public void setReadOnly(boolean readOnly) {
			this.readOnly = readOnly;
		}

		public @Nullable Boolean getAutocommitReads() {
			return this.autocommitReads;
		}

		public void setAutocommitReads(@Nullable Boolean autocommitReads) {
			this.autocommitReads = autocommitReads;
		}

		public Pooler getPooler() {
			return this.pooler;
		}

		public void setPooler(Pooler pooler) {
			this.pooler = pooler;
		}

		public boolean isEcho() {
			return this.echo;
		}

		public void setEcho(boolean echo) {
			this.echo = echo;
		}

		public List<String> getEntityPackages() {
			return this.entityPackages;
		}

		public void setEntityPackages(List<String> entityPackages) {
			this.entityPackages = entityPackages;
		}

		public BindPoolProperties getPool() {
			return this.pool;
		}

		public BindFlywayProperties getFlyway() {
			return this.flyway;
		}

		public List<BindReplicaProperties> getReplicas() {
			return this.replicas;
		}

		public void setReplicas(List<BindReplicaProperties> replicas) {
			this.replicas = replicas;
		}

		public BindReplicaReadsProperties getReplicaReads() {
			return this.replicaReads;
		}

		public BindRetryProperties getRetry() {
			return this.retry;
		}

		public Init getInit() {
			return this.init;
		}

	}

	/**
	 * Schema and data initialization of a bind at startup.
	 */
	public static class Init {

		/**
		 * Whether to create the missing tables of the bind's entities at startup.
		 */
		private boolean createAll;

		/**
		 * Packages scanned for @Table entities when create-all is enabled, instead of the
		 * application's packages and the bind's entity-packages; only the bind's entities
		 * among them get tables.
		 */
		private List<String> entityPackages = new ArrayList<>();

		/**
		 * SQL scripts run at startup to create the schema, such as classpath:schema.sql.
		 */
		private List<String> schemaLocations = new ArrayList<>();

		/**
		 * SQL scripts run at startup after the schema, to load data.
		 */
		private List<String> dataLocations = new ArrayList<>();

		public boolean isCreateAll() {
			return this.createAll;
		}

		public void setCreateAll(boolean createAll) {
			this.createAll = createAll;
		}

		public List<String> getEntityPackages() {
			return this.entityPackages;
		}

		public void setEntityPackages(List<String> entityPackages) {
			this.entityPackages = entityPackages;
		}

		public List<String> getSchemaLocations() {
			return this.schemaLocations;
		}

		public void setSchemaLocations(List<String> schemaLocations) {
			this.schemaLocations = schemaLocations;
		}

		public List<String> getDataLocations() {
			return this.dataLocations;
		}

		public void setDataLocations(List<String> dataLocations) {
			this.dataLocations = dataLocations;
		}

	}

}
