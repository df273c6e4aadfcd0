package io.github.reactivesessions.autoconfigure.health;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.github.reactivesessions.autoconfigure.ReactiveSessionsAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeReactiveHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ReactiveSessionsHealthContributorAutoConfiguration}.
 */
class ReactiveSessionsHealthContributorAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ReactiveSessionsAutoConfiguration.class,
				ReactiveSessionsHealthContributorAutoConfiguration.class))
		.withPropertyValues("sa.binds.sa_main.url=r2dbc:h2:mem:///" + UUID.randomUUID() + "?options=DB_CLOSE_DELAY=-1",
				// Nothing listens on port 1 of the loopback: connecting is refused at once.
				"sa.binds.sa_down.url=r2dbc:postgresql://nobody@127.0.0.1:1/none");

	@Test
	void everyBindHasAComponentAndAnUnreachableOneIsDownNamingItsKey() {
		this.runner.run((context) -> {
			CompositeReactiveHealthContributor sa = context.getBean("saHealthContributor",
					CompositeReactiveHealthContributor.class);
			Health main = health(sa, "sa_main");
			assertThat(main.getStatus()).isEqualTo(Status.UP);
			assertThat(main.getDetails()).containsEntry("key", "sa_main").containsEntry("database", "H2");
			assertThat(main.getDetails().get("pool")).isInstanceOfSatisfying(Map.class,
					(pool) -> assertThat(pool).containsEntry("max", 10).containsEntry("acquired", 0));
			Health down = health(sa, "sa_down");
			assertThat(down.getStatus()).isEqualTo(Status.DOWN);
			assertThat(down.getDetails()).containsEntry("key", "sa_down");
			assertThat((String) down.getDetails().get("error"))
				.startsWith("Bind 'sa_down' cannot reach its database: ");
		});
	}

	@Test
	void canBeDisabled() {
		this.runner.withPropertyValues("management.health.sa.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("saHealthContributor"));
	}

	private static Health health(CompositeReactiveHealthContributor composite, String key) {
		Health health = ((ReactiveHealthIndicator) composite.getContributor(key)).health().block(Duration.ofSeconds(10));
		assertThat(health).isNotNull();
		return health;
	}

}
