package io.github.reactivesessions.benchmarks.app;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The application on the starter: its auto-configuration binds {@code sa.binds.*} to the
 * benchmark's pools ({@code connection-factory=mainConnectionFactory}).
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import({ BenchmarkPools.class, StarterController.class })
public class StarterApplication {

}
