package io.github.reactivesessions.testsupport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.r2dbc.proxy.ProxyConnectionFactory;
import io.r2dbc.proxy.core.QueryExecutionInfo;
import io.r2dbc.proxy.core.QueryInfo;
import io.r2dbc.spi.ConnectionFactory;

/**
 * Records every SQL statement that runs through a connection factory, by wrapping it with
 * r2dbc-proxy.
 */
public final class StatementRecorder {

	private final List<String> statements = new CopyOnWriteArrayList<>();

	public ConnectionFactory wrap(ConnectionFactory connectionFactory) {
		return ProxyConnectionFactory.builder(connectionFactory).onAfterQuery(this::record).build();
	}

	private void record(QueryExecutionInfo info) {
		for (QueryInfo query : info.getQueries()) {
			this.statements.add(query.getQuery());
		}
	}

	public List<String> statements() {
		return List.copyOf(this.statements);
	}

	public void clear() {
		this.statements.clear();
	}

}
