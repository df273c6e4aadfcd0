package io.github.reactivesessions.benchmarks;

import org.junit.jupiter.api.Test;

import io.github.reactivesessions.benchmarks.app.HandWrittenApplication;
import io.github.reactivesessions.benchmarks.app.StarterApplication;

import static org.assertj.core.api.Assertions.assertThat;

class SideTests {

	@Test
	void starterSideRunsTheStarterWithItsBinds() {
		assertThat(Side.STARTER.application(false)).isEqualTo(StarterApplication.class);
		assertThat(Side.STARTER.properties(Scenario.S1, false)).isEqualTo(Scenario.S1.starterBinds());
	}

	@Test
	void starterSideRunsTheHandWrittenApplicationWithoutBindsInAnAARun() {
		assertThat(Side.STARTER.application(true)).isEqualTo(HandWrittenApplication.class);
		assertThat(Side.STARTER.properties(Scenario.S1, true)).isEmpty();
	}

	@Test
	void handWrittenSideRunsTheHandWrittenApplicationEitherWay() {
		assertThat(Side.HAND_WRITTEN.application(false)).isEqualTo(HandWrittenApplication.class);
		assertThat(Side.HAND_WRITTEN.application(true)).isEqualTo(HandWrittenApplication.class);
		assertThat(Side.HAND_WRITTEN.properties(Scenario.S2, false)).isEmpty();
	}

}
