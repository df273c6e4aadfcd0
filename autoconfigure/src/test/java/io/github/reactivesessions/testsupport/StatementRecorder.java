package io.github.reactivesessions.testsupport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.r2dbc.proxy.ProxyConnectionFactory;
import io.r2dbc.proxy.core.MethodExecutionInfo;
import io.r2dbc.proxy.core.QueryExecutionInfo;
import io.r2dbc.proxy.core.QueryInfo;
import io.r2dbc.spi.ConnectionFactory;

/**
 * Records every SQL statement that runs through a connection factory, and how its
 * connections end their transactions, by wrapping it with r2dbc-proxy.
 */
public final class StatementRecorder {

	private final List<String> statements = new CopyOnWriteArrayList<>();

	private final List<String> transactionEnds = new CopyOnWriteArrayList<>();

	public ConnectionFactory wrap(ConnectionFactory connectionFactory) {
		return ProxyConnectionFactory.builder(connectionFactory)
			.onAfterQuery(this::record)
			.onAfterMethod(this::recordTransactionEnd)
			.build();
	}

	private void recordTransactionEnd(MethodExecutionInfo info) {
		String method = info.getMethod().getName();
		if (method.equals("commitTransaction") || method.equals("rollbackTransaction")) {
			this.transactionEnds.add(method);
		}
	}

	private void record(QueryExecutionInfo info) {
		for (QueryInfo query : info.getQueries()) {
			this.statements.add(query.getQuery());
		}
	}

	public List<String> statements() {
		return List.copyOf(this.statements);
	}

	/**
	 * Return the {@code commitTransaction} and {@code rollbackTransaction} calls made on
	 * the connections, in order.
	 */
	public List<String> transactionEnds() {
		return List.copyOf(this.transactionEnds);
	}

	public void clear() {
		this.statements.clear();
		this.transactionEnds.clear();
	}

}
