package io.github.reactivesessions.webtest;

import io.github.reactivesessions.bind.Binds;
import io.github.reactivesessions.testsupport.Person;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Spring @Transactional code on the default bind.
 */
@Service
public class TransactionalService {

	private final DatabaseClient client;

	private final Binds binds;

	private final String connectionIdQuery;

	TransactionalService(DatabaseClient client, Binds binds,
			@Value("${test.connection-id-query}") String connectionIdQuery) {
		this.client = client;
		this.binds = binds;
		this.connectionIdQuery = connectionIdQuery;
	}

	@Transactional(transactionManager = "sa_mainTransactionManager")
	public Mono<Object> connectionId() {
		return this.client.sql(this.connectionIdQuery).map((row) -> row.get(0)).one();
	}

	@Transactional
	public Mono<Void> addWithSessionInside(String name, boolean fail) {
		return this.binds.sessionFactory().withSession((session) -> {
			session.add(new Person(name, 1));
			return session.commit();
		}).then(fail ? Mono.error(new IllegalStateException("the @Transactional method failed")) : Mono.empty());
	}

}
