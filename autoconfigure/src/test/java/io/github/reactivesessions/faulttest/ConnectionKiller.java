package io.github.reactivesessions.faulttest;

import io.github.reactivesessions.testsupport.Sql;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Kills a server-side connection from an administrative connection of its own, as an
 * operator or a failover would.
 */
@Component
class ConnectionKiller {

	private final ConnectionFactory admin;

	private final String killSql;

	ConnectionKiller(@Value("${test.admin-url}") String adminUrl, @Value("${test.kill-sql}") String killSql) {
		this.admin = ConnectionFactories.get(adminUrl);
		this.killSql = killSql;
	}

	Mono<Void> kill(Object connectionId) {
		return Mono.<Void>fromRunnable(() -> Sql.execute(this.admin, this.killSql.formatted(connectionId)))
			.subscribeOn(Schedulers.boundedElastic());
	}

}
