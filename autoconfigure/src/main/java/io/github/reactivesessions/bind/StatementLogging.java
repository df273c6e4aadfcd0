package io.github.reactivesessions.bind;

import io.r2dbc.proxy.ProxyConnectionFactory;
import io.r2dbc.proxy.core.QueryExecutionInfo;
import io.r2dbc.proxy.support.QueryExecutionInfoFormatter;
import io.r2dbc.spi.ConnectionFactory;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Echo of a bind: logs every statement with its bound parameters and duration, as
 * aiohttp-sqlalchemy's {@code create_async_engine(url, echo=True)} does. Built on r2dbc-proxy, which is
 * only loaded when a bind asks for echo.
 */
final class StatementLogging {

	/**
	 * Name of the logger statements are written to, at INFO.
	 */
	static final String LOGGER_NAME = "io.github.reactivesessions.echo";

	private static final Log logger = LogFactory.getLog(LOGGER_NAME);

	private StatementLogging() {
	}

	/**
	 * Wrap a connection factory so that its statements are logged. Callers check first that
	 * r2dbc-proxy is on the class path.
	 */
	static ConnectionFactory wrap(String key, ConnectionFactory connectionFactory) {
		QueryExecutionInfoFormatter formatter = new QueryExecutionInfoFormatter().showTime()
			.showSuccess()
			.showQuery()
			.showBindings();
		return ProxyConnectionFactory.builder(connectionFactory)
			.onAfterQuery((info) -> log(key, formatter, info))
			.build();
	}

	private static void log(String key, QueryExecutionInfoFormatter formatter, QueryExecutionInfo info) {
		if (logger.isInfoEnabled()) {
			logger.info("[" + key + "] " + formatter.format(info));
		}
	}

}
