package io.github.reactivesessions.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Flyway migrations of one bind, {@code sa.binds.<key>.flyway.*}: run at startup, before
 * the bind's create-all and before the server takes requests, over a JDBC connection to
 * the bind's database.
 *
 * @since 0.1.0
 */
public class BindFlywayProperties {

	/**
	 * Whether to run the bind's Flyway migrations at startup.
	 */
	private boolean enabled;

	/**
	 * Locations of the bind's migrations, where {vendor} stands for h2, postgresql, mysql or
	 * mariadb. Defaults to classpath:db/migration/<key>.
	 */
	private List<String> locations = new ArrayList<>();

	/**
	 * JDBC url of the database to migrate. Derived from the bind's R2DBC url by default.
	 */
	private @Nullable String url;

	/**
	 * Login user of the database to migrate. Defaults to the url's, then the bind's username.
	 */
	private @Nullable String user;

	/**
	 * Login password of the database to migrate. Defaults to the url's, then the bind's password.
	 */
	private @Nullable String password;

	/**
	 * Name of the schema history table Flyway keeps in the bind's database.
	 */
	private String table = "flyway_schema_history";

	/**
	 * Whether to baseline a database that has tables but no schema history table.
	 */
	private boolean baselineOnMigrate;

	/**
	 * Version the baseline of a non-empty database is given; migrations above it run. 0 runs
	 * them all, for a database that other binds' tables make non-empty.
	 */
	private String baselineVersion = "1";

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public List<String> getLocations() {
		return this.locations;
	}

	public void setLocations(List<String> locations) {
		this.locations = locations;
	}

	public @Nullable String getUrl() {
		return this.url;
	}

	public void setUrl(@Nullable String url) {
		this.url = url;
	}

	public @Nullable String getUser() {
		return this.user;
	}

	public void setUser(@Nullable String user) {
		this.user = user;
	}

	public @Nullable String getPassword() {
		return this.password;
	}

	public void setPassword(@Nullable String password) {
		this.password = password;
	}

	public String getTable() {
		return this.table;
	}

	public void setTable(String table) {
		this.table = table;
	}

	public boolean isBaselineOnMigrate() {
		return this.baselineOnMigrate;
	}

	public void setBaselineOnMigrate(boolean baselineOnMigrate) {
		this.baselineOnMigrate = baselineOnMigrate;
	}

	public String getBaselineVersion() {
		return this.baselineVersion;
	}

	public void setBaselineVersion(String baselineVersion) {
		this.baselineVersion = baselineVersion;
	}

}
