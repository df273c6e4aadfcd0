package io.github.reactivesessions.bind;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Urls}.
 */
class UrlsTests {

	@Test
	void passwordInUserInfoIsMasked() {
		assertThat(Urls.mask("r2dbc:postgresql://app:s3cret@db:5432/app"))
			.isEqualTo("r2dbc:postgresql://app:******@db:5432/app");
	}

	@Test
	void passwordOptionIsMasked() {
		assertThat(Urls.mask("r2dbc:mysql://db/app?user=app&password=s3cret&ssl=true"))
			.isEqualTo("r2dbc:mysql://db/app?user=app&password=******&ssl=true");
	}

	@Test
	void urlWithoutPasswordIsUnchanged() {
		assertThat(Urls.mask("r2dbc:postgresql://app@db/app")).isEqualTo("r2dbc:postgresql://app@db/app");
		assertThat(Urls.mask("r2dbc:h2:mem:///test")).isEqualTo("r2dbc:h2:mem:///test");
	}

}
