package io.github.reactivesessions.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.reactivesessions.benchmarks.app.CountingConnectionFactory;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One side's application, started in this JVM on a random port of the loopback address.
 */
final class ServerApp implements AutoCloseable {

	private final Side side;

	private final ConfigurableApplicationContext context;

	private final int port;

	private ServerApp(Side side, ConfigurableApplicationContext context) {
		this.side = side;
		this.context = context;
		this.port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
	}

	static ServerApp start(Side side, Scenario scenario, BenchDatabase database, BenchmarkOptions options) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("server.address", "127.0.0.1");
		properties.put("server.port", "0");
		properties.put("spring.main.banner-mode", "off");
		properties.put("spring.main.log-startup-info", "false");
		properties.put("spring.main.register-shutdown-hook", "false");
		properties.put("spring.application.name", side.label() + "-" + scenario + "-" + database.name());
		properties.put("bench.url", database.url());
		properties.put("bench.pool-size", String.valueOf(options.poolSize()));
		properties.putAll(side.properties(scenario));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(side.application())
			.web(WebApplicationType.REACTIVE)
			.properties(properties)
			.run();
		return new ServerApp(side, context);
	}

	Side side() {
		return this.side;
	}

	int port() {
		return this.port;
	}

	/**
	 * Return how many connections the application has asked its pools for so far.
	 */
	long acquisitions() {
		return this.context.getBeansOfType(CountingConnectionFactory.class)
			.values()
			.stream()
			.mapToLong(CountingConnectionFactory::acquisitions)
			.sum();
	}

	@Override
	public void close() {
		this.context.close();
	}

}
