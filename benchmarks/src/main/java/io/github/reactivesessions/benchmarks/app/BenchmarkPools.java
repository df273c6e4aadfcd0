package io.github.reactivesessions.benchmarks.app;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * The connection pools of both applications, on {@code bench.url} with
 * {@code bench.pool-size} connections each: {@code mainConnectionFactory}, which the
 * scenarios use, and {@code secondConnectionFactory}, the second middleware bind of S1.
 */
@Configuration(proxyBeanMethods = false)
public class BenchmarkPools {

	/**
	 * Bean name of the pool the scenarios use.
	 */
	public static final String MAIN = "mainConnectionFactory";

	/**
	 * Bean name of the pool of the second bind.
	 */
	public static final String SECOND = "secondConnectionFactory";

	@Bean(MAIN)
	@Primary
	CountingConnectionFactory mainConnectionFactory(@Value("${bench.url}") String url,
			@Value("${bench.pool-size}") int poolSize) {
		return CountingConnectionFactory.pool("main", url, poolSize);
	}

	@Bean(SECOND)
	CountingConnectionFactory secondConnectionFactory(@Value("${bench.url}") String url,
			@Value("${bench.pool-size}") int poolSize) {
		return CountingConnectionFactory.pool("second", url, poolSize);
	}

}
