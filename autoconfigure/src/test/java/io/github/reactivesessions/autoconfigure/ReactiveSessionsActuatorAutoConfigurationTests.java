package io.github.reactivesessions.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ReactiveSessionsActuatorAutoConfiguration}: what the actuator shows of a
 * bind's password.
 */
class ReactiveSessionsActuatorAutoConfigurationTests {

	private final SanitizingFunction sanitizing = new ReactiveSessionsActuatorAutoConfiguration()
		.bindPasswordSanitizingFunction();

	@Test
	void passwordOfABindIsMasked() {
		assertThat(shown("sa.binds.sa_main.password", "s3cret")).isEqualTo(SanitizableData.SANITIZED_VALUE);
	}

	@Test
	void passwordInsideTheUrlOfABindIsMaskedAndTheRestShown() {
		assertThat(shown("sa.binds.sa_main.url", "r2dbc:postgresql://app:s3cret@db:5432/app"))
			.isEqualTo("r2dbc:postgresql://app:******@db:5432/app");
		assertThat(shown("sa.binds.sa_main.url", "r2dbc:mysql://db/app?user=app&password=s3cret&ssl=true"))
			.isEqualTo("r2dbc:mysql://db/app?user=app&password=******&ssl=true");
	}

	@Test
	void otherPropertiesAreLeftAsTheyAre() {
		assertThat(shown("sa.binds.sa_main.paths", "/reports/**")).isEqualTo("/reports/**");
		assertThat(shown("spring.r2dbc.url", "r2dbc:postgresql://app:s3cret@db/app"))
			.isEqualTo("r2dbc:postgresql://app:s3cret@db/app");
	}

	private Object shown(String key, Object value) {
		return this.sanitizing.apply(new SanitizableData(null, key, value)).getValue();
	}

}
