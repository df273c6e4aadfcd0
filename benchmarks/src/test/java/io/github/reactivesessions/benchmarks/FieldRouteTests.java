package io.github.reactivesessions.benchmarks;

import io.netty.handler.codec.http.HttpMethod;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FieldRouteTests {

	@Test
	void everyWorkloadHasTheIdiomaticRouteFirstAndTheStartersRoute() {
		for (Scenario scenario : new Scenario[] { Scenario.S2, Scenario.S3, Scenario.S4 }) {
			assertThat(FieldRoute.of(scenario)).first().matches(FieldRoute::idiomatic);
			assertThat(FieldRoute.of(scenario)).filteredOn(FieldRoute::idiomatic).hasSize(1);
			assertThat(FieldRoute.of(scenario)).extracting(FieldRoute::side)
				.contains("idiomatic", "TransactionalOperator", "starter");
		}
		assertThat(FieldRoute.of(Scenario.S2)).contains(FieldRoute.READ_SESSION_BEGIN);
		assertThat(FieldRoute.of(Scenario.S1)).isEmpty();
	}

	@Test
	void requestsAreTheScenariosOnTheRoutesPath() {
		assertThat(FieldRoute.READ_SESSION.request(6).path()).isEqualTo("/session/items/7");
		assertThat(FieldRoute.READ_SESSION_BEGIN.request(6).path()).isEqualTo("/session-begin/items/7");
		assertThat(FieldRoute.PAGE_REPOSITORY.request(1).path()).isEqualTo("/repository/items?page_key=2");
		Scenario.Request insert = FieldRoute.INSERT_OPERATOR.request(3);
		assertThat(insert.method()).isEqualTo(HttpMethod.POST);
		assertThat(insert.path()).isEqualTo("/operator/items");
		assertThat(insert.body()).isEqualTo(Scenario.S3.request(3).body());
	}

}
