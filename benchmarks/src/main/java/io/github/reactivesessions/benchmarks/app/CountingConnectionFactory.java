package io.github.reactivesessions.benchmarks.app;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.pool.PoolMetrics;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.Wrapped;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.DisposableBean;

/**
 * An r2dbc-pool {@link ConnectionPool} that counts every acquisition, so that a single
 * connection taken by a request that should take none is seen (sampling
 * {@link PoolMetrics#acquiredSize()} could miss it).
 *
 * <p>Both applications get their pools from here, with the same settings as the starter
 * gives a bind configured by url: the two sides differ only in the code above the pool.
 */
public final class CountingConnectionFactory implements ConnectionFactory, Wrapped<ConnectionFactory>, DisposableBean {

	private final ConnectionPool pool;

	private final LongAdder acquisitions = new LongAdder();

	private CountingConnectionFactory(ConnectionPool pool) {
		this.pool = pool;
	}

	/**
	 * Create a pool on a url: no connection is opened before the first acquisition.
	 * @param name the pool name
	 * @param url the R2DBC url
	 * @param maxSize the maximum number of connections
	 * @return the counting pool
	 */
	public static CountingConnectionFactory pool(String name, String url, int maxSize) {
		ConnectionPoolConfiguration.Builder configuration = ConnectionPoolConfiguration
			.builder(ConnectionFactories.get(url))
			.name(name)
			.initialSize(0)
			.maxSize(maxSize)
			.maxIdleTime(Duration.ofMinutes(30))
			.maxAcquireTime(Duration.ofSeconds(10));
		if (url.startsWith("r2dbc:h2:")) {
			configuration.customizer((pool) -> pool.acquisitionScheduler(Schedulers.parallel()));
		}
		return new CountingConnectionFactory(new ConnectionPool(configuration.build()));
	}

	@Override
	public Mono<Connection> create() {
		return Mono.defer(() -> {
			this.acquisitions.increment();
			return this.pool.create();
		});
	}

	/**
	 * Return how many connections were asked for since the pool was created.
	 * @return the number of acquisitions
	 */
	public long acquisitions() {
		return this.acquisitions.sum();
	}

	/**
	 * Return the pool's own metrics.
	 * @return the metrics
	 */
	public PoolMetrics metrics() {
		return this.pool.getMetrics().orElseThrow();
	}

	@Override
	public ConnectionFactoryMetadata getMetadata() {
		return this.pool.getMetadata();
	}

	@Override
	public ConnectionFactory unwrap() {
		return this.pool;
	}

	@Override
	public void destroy() {
		this.pool.dispose();
	}

}
