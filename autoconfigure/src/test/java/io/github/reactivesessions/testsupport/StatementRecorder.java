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

	private final List<String> events = new CopyOnWriteArrayList<>();

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
		if (method.equals("beginTransaction") || method.equals("commitTransaction")
				|| method.equals("rollbackTransaction")) {
			this.events.add(method);
		}
	}

	private void record(QueryExecutionInfo info) {
		for (QueryInfo query : info.getQueries()) {
			this.statements.add(query.getQuery());
			this.events.add(query.getQuery());
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

	/**
	 * Return the statements and the {@code beginTransaction}, {@code commitTransaction}
	 * and {@code rollbackTransaction} calls, in the order they ended.
	 */
	public List<String> events() {
		return List.copyOf(this.events);
	}

	public void clear() {
		this.statements.clear();
		this.transactionEnds.clear();
		this.events.clear();
	}

}
