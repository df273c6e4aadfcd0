package io.github.reactivesessions.bind;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.Wrapped;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * The connection factory a pool of r2dbc-mysql connections is given: its connections are
 * {@link MySqlPoolConnection}s, whose release skips the driver's rollback when there is
 * nothing to roll back.
 */
final class MySqlPoolConnectionFactory implements ConnectionFactory, Wrapped<ConnectionFactory> {

	// Compared by name: r2dbc-mysql is an optional dependency.
	private static final String DRIVER_FACTORY = "io.asyncer.r2dbc.mysql.MySqlConnectionFactory";

	private final ConnectionFactory delegate;

	MySqlPoolConnectionFactory(ConnectionFactory delegate) {
		this.delegate = delegate;
	}

	/**
	 * Whether a connection factory is r2dbc-mysql's own, for MySQL or MariaDB.
	 */
	static boolean isMySql(ConnectionFactory connectionFactory) {
		return DRIVER_FACTORY.equals(connectionFactory.getClass().getName());
	}

	@Override
	public Publisher<? extends Connection> create() {
		return Mono.from(this.delegate.create()).map(MySqlPoolConnection::new);
	}

	@Override
	public ConnectionFactoryMetadata getMetadata() {
		return this.delegate.getMetadata();
	}

	@Override
	public ConnectionFactory unwrap() {
		return this.delegate;
	}

	@Override
	public String toString() {
		return "MySqlPoolConnectionFactory[" + this.delegate + "]";
	}

}
