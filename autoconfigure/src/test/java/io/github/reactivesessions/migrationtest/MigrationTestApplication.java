package io.github.reactivesessions.migrationtest;

import java.util.concurrent.atomic.AtomicLong;

import io.github.reactivesessions.bind.Binds;
import io.github.reactivesessions.testsupport.Sql;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;

/**
 * A web application whose default bind is migrated by Flyway: when its server has started,
 * it records how many SQL migrations the bind's database has applied.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class MigrationTestApplication {

	/**
	 * The number of applied migrations when the web server started, or -1 before.
	 */
	public static final AtomicLong MIGRATIONS_AT_SERVER_START = new AtomicLong(-1);

	@Bean
	ApplicationListener<WebServerInitializedEvent> migrationsAtServerStart(Binds binds) {
		return (event) -> MIGRATIONS_AT_SERVER_START.set(Sql.queryLong(binds.connectionFactory(),
				"SELECT COUNT(*) FROM flyway_schema_history WHERE success = TRUE AND type = 'SQL'"));
	}

}
