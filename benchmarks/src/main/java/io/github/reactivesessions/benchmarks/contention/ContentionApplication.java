package io.github.reactivesessions.benchmarks.contention;

import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import io.github.reactivesessions.benchmarks.app.BenchmarkPools;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The application of the contention benchmark: the transfer routes ({@link TransferRoutes})
 * on the benchmark's main pool, and what the load generator reads after each round
 * ({@link BeginMeters}).
 *
 * <p>Its meter registry is a plain {@link SimpleMeterRegistry} bean, without Spring Boot's
 * actuator: the starter's metrics auto-configuration needs only a registry to record its
 * {@code sa.sessions.*} meters, and the module's other applications, which have none,
 * record nothing.
 *
 * <p>Started on its own (by the command, in a JVM of its own), it prints
 * {@value #LISTENING} and its port once it listens.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import({ BenchmarkPools.class, TransferRoutes.class, BeginMeters.class })
public class ContentionApplication {

	/**
	 * What the application prints on standard output, followed by its port, once it listens.
	 */
	public static final String LISTENING = "Contention application listening on port ";

	/**
	 * The key of the one bind, which tags its meters.
	 */
	static final String KEY = "sa_main";

	@Bean
	MeterRegistry meterRegistry() {
		return new SimpleMeterRegistry();
	}

	@Bean
	FailedRequests failedRequests() {
		return new FailedRequests();
	}

	/**
	 * Start the application; {@code bench.url} (or the environment's {@code BENCH_URL})
	 * names its database, the other properties have defaults.
	 * @param args Spring Boot arguments, such as {@code --server.port=8080}
	 */
	public static void main(String[] args) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(ContentionApplication.class)
			.web(WebApplicationType.REACTIVE)
			.properties(Map.of("sa.binds." + KEY + ".connection-factory", BenchmarkPools.MAIN, "bench.pool-size", "10",
					"server.address", "127.0.0.1", "spring.main.banner-mode", "off", "spring.main.log-startup-info",
					"false",
					// Spring Boot's error handler logs the stack trace of every 500 it answers
					// (through Spring's HttpLogging, or its own logger when that one is off):
					// thousands a round without retry. FailedRequests counts them instead.
					"logging.level.org.springframework.web.HttpLogging", "OFF",
					"logging.level.org.springframework.boot.webflux.autoconfigure.error", "OFF"))
			.run(args);
		System.out.println(LISTENING + context.getEnvironment().getRequiredProperty("local.server.port"));
	}

}
