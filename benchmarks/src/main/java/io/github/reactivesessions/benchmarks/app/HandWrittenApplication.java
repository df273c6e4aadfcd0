package io.github.reactivesessions.benchmarks.app;

import io.github.reactivesessions.autoconfigure.ReactiveSessionsAutoConfiguration;
import io.github.reactivesessions.autoconfigure.ReactiveSessionsWebAutoConfiguration;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The same application without the starter: its auto-configurations are excluded, so
 * Spring Boot's own R2DBC auto-configuration provides the template, transaction manager
 * and transactional operator on the benchmark's main pool.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration(
		exclude = { ReactiveSessionsAutoConfiguration.class, ReactiveSessionsWebAutoConfiguration.class })
@Import({ BenchmarkPools.class, HandWrittenController.class })
public class HandWrittenApplication {

}
