package io.github.reactivesessions.autoconfigure;

import java.util.UUID;

import io.github.reactivesessions.web.SessionWebFilter;
import org.junit.jupiter.api.Test;

import org.springframework.aop.Advisor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ReactiveSessionsWebAutoConfiguration}.
 */
class ReactiveSessionsWebAutoConfigurationTests {

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ReactiveSessionsAutoConfiguration.class,
				ReactiveSessionsWebAutoConfiguration.class, WebFluxAutoConfiguration.class, AopAutoConfiguration.class))
		.withPropertyValues("sa.binds.sa_main.url=" + h2(), "sa.binds.sa_second.url=" + h2(),
				"sa.binds.sa_second.middleware=false");

	private static String h2() {
		return "r2dbc:h2:mem:///" + UUID.randomUUID() + "?options=DB_CLOSE_DELAY=-1";
	}

	@Test
	void webLayerIsConfiguredForReactiveWebApplications() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(SessionWebFilter.class).hasBean("useSessionValidator");
			assertThat(context.getBean(SessionWebFilter.class).getOrder()).isEqualTo(SessionWebFilter.DEFAULT_ORDER);
			assertThat(context.getBeansOfType(Advisor.class)).containsKey("useSessionAdvisor");
		});
	}

	@Test
	void filterOrderIsConfigurable() {
		this.runner.withPropertyValues("sa.web.filter-order=42")
			.run((context) -> assertThat(context.getBean(SessionWebFilter.class).getOrder()).isEqualTo(42));
	}

	@Test
	void filterNamesTheBindsItOpensSessionsFor() {
		// WebFlux puts the filter's toString() in each request's checkpoint.
		this.runner.withPropertyValues("sa.binds.sa_third.url=" + h2())
			.run((context) -> assertThat(context.getBean(SessionWebFilter.class))
				.hasToString("SessionWebFilter[sa_main, sa_third]"));
	}

	@Test
	void webLayerCanBeSwitchedOff() {
		this.runner.withPropertyValues("sa.web.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SessionWebFilter.class)
				.doesNotHaveBean("useSessionValidator")
				.doesNotHaveBean("useSessionAdvisor"));
	}

	@Test
	void nonWebApplicationsGetNoWebLayer() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ReactiveSessionsAutoConfiguration.class,
					ReactiveSessionsWebAutoConfiguration.class))
			.withPropertyValues("sa.binds.sa_main.url=" + h2())
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(SessionWebFilter.class));
	}

}
