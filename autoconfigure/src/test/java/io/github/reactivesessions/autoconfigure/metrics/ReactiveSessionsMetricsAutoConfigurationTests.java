package io.github.reactivesessions.autoconfigure.metrics;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.reactivesessions.autoconfigure.ReactiveSessionsAutoConfiguration;
import io.github.reactivesessions.bind.Binds;
import io.github.reactivesessions.session.BeginOptions;
import io.github.reactivesessions.session.TransactionRetriesExhaustedException;
import io.github.reactivesessions.session.TransactionRetry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.boot.r2dbc.autoconfigure.metrics.ConnectionPoolMetricsAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ReactiveSessionsMetricsAutoConfiguration}.
 */
class ReactiveSessionsMetricsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ReactiveSessionsAutoConfiguration.class, R2dbcAutoConfiguration.class,
				MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, ConnectionPoolMetricsAutoConfiguration.class,
				ReactiveSessionsMetricsAutoConfiguration.class))
		.withPropertyValues("sa.binds.sa_main.url=" + h2(), "sa.binds.sa_second.url=" + h2());

	private static String h2() {
		return "r2dbc:h2:mem:///" + UUID.randomUUID() + "?options=DB_CLOSE_DELAY=-1";
	}

	@Test
	void sessionsAreCountedPerKey() {
		this.runner.run((context) -> {
			Binds binds = context.getBean(Binds.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			StepVerifier.create(binds.sessionFactory("sa_second")
				.inTransaction((s) -> s.sql("SELECT 1").map((row) -> 1).one())).expectNext(1).verifyComplete();
			StepVerifier.create(binds.sessionFactory("sa_second")
				.inTransaction((s) -> s.sql("SELECT 1").map((row) -> 1).one().then(Mono.error(new IllegalStateException()))))
				.verifyError(IllegalStateException.class);
			StepVerifier.create(binds.sessionFactory("sa_second").withSession((s) -> Mono.just(1)))
				.expectNext(1)
				.verifyComplete();
			assertThat(registry.get("sa.sessions.opened").tag("key", "sa_second").counter().count()).isEqualTo(3);
			assertThat(registry.get("sa.sessions.connections.acquired").tag("key", "sa_second").counter().count())
				.isEqualTo(2);
			assertThat(registry.get("sa.sessions.commits").tag("key", "sa_second").counter().count()).isEqualTo(1);
			assertThat(registry.get("sa.sessions.rollbacks").tags("key", "sa_second", "cause", "error").counter().count())
				.isEqualTo(1);
			assertThat(registry.get("sa.sessions.rollbacks").tags("key", "sa_second", "cause", "cancel").counter().count())
				.isZero();
			assertThat(registry.get("sa.sessions.connections.held").tag("key", "sa_second").timer().count())
				.isEqualTo(2);
			assertThat(registry.get("sa.sessions.opened").tag("key", "sa_main").counter().count()).isZero();
		});
	}

	@Test
	void attemptsAndRetriesOfBeginBlocksAreCountedPerKeyAndCause() {
		this.runner.run((context) -> {
			Binds binds = context.getBean(Binds.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			AtomicInteger calls = new AtomicInteger();
			BeginOptions twice = BeginOptions.defaults()
				.retry(TransactionRetry.attempts(2).alsoRetryOn(IllegalStateException.class::isInstance));
			StepVerifier.create(binds.sessionFactory("sa_second").withSession((session) -> session.begin(twice,
					(s) -> Mono.error(new IllegalStateException("attempt " + calls.incrementAndGet())))))
				.verifyError(TransactionRetriesExhaustedException.class);
			assertThat(registry.get("sa.sessions.begin.attempts").tag("key", "sa_second").counter().count())
				.isEqualTo(2);
			assertThat(registry.get("sa.sessions.begin.retries").tags("key", "sa_second", "cause", "predicate")
				.counter()
				.count()).isEqualTo(1);
			assertThat(registry.get("sa.sessions.begin.retries").tags("key", "sa_second", "cause", "deadlock")
				.counter()
				.count()).isZero();
			assertThat(registry.get("sa.sessions.begin.retries.exhausted")
				.tags("key", "sa_second", "cause", "predicate")
				.counter()
				.count()).isEqualTo(1);
			assertThat(registry.get("sa.sessions.begin.attempts").tag("key", "sa_main").counter().count()).isZero();
		});
	}

	@Test
	void poolsOfEveryKeyHaveBootsPoolMetrics() {
		this.runner.run((context) -> {
			context.getBean(Binds.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("r2dbc.pool.max.allocated").tag("name", "sa_mainConnectionFactory").gauge().value())
				.isEqualTo(10);
			assertThat(registry.get("r2dbc.pool.acquired").tag("name", "sa_secondConnectionFactory").gauge()).isNotNull();
		});
	}

	@Test
	void beginBlocksAreObservedWhenAnObservationRegistryExists() {
		this.runner.withUserConfiguration(ObservationConfiguration.class).run((context) -> {
			StepVerifier.create(context.getBean(Binds.class)
				.sessionFactory()
				.inTransaction((s) -> s.sql("SELECT 1").map((row) -> 1).one())).expectNext(1).verifyComplete();
			assertThat(context.getBean(RecordingHandler.class).names).containsExactly("sa.session.begin");
		});
	}

	@Test
	void backsOffWithoutMicrometer() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ReactiveSessionsAutoConfiguration.class,
					ReactiveSessionsMetricsAutoConfiguration.class))
			.withBean(SimpleMeterRegistry.class)
			.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.withPropertyValues("sa.binds.sa_main.url=" + h2())
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean("sessionMetricsCustomizer"));
	}

	@Test
	void bindsWorkWithoutAMeterRegistry() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ReactiveSessionsAutoConfiguration.class,
					ReactiveSessionsMetricsAutoConfiguration.class))
			.withPropertyValues("sa.binds.sa_main.url=" + h2())
			.run((context) -> {
				assertThat(context).doesNotHaveBean("sessionMetricsCustomizer");
				StepVerifier.create(context.getBean(DatabaseClient.class).sql("SELECT 1").map((row) -> 1).one())
					.expectNext(1)
					.verifyComplete();
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class ObservationConfiguration {

		@Bean
		RecordingHandler recordingHandler() {
			return new RecordingHandler();
		}

		@Bean
		ObservationRegistry observationRegistry(RecordingHandler handler) {
			ObservationRegistry registry = ObservationRegistry.create();
			registry.observationConfig().observationHandler(handler);
			return registry;
		}

	}

	static class RecordingHandler implements ObservationHandler<Observation.Context> {

		final List<String> names = new CopyOnWriteArrayList<>();

		@Override
		public void onStop(Observation.Context context) {
			this.names.add(context.getName());
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return true;
		}

	}

}
