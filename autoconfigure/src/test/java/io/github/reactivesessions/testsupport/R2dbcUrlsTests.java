package io.github.reactivesessions.testsupport;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link R2dbcUrls}.
 */
class R2dbcUrlsTests {

	@Test
	void withDatabaseReplacesThePathAndKeepsUserAndOptions() {
		assertThat(R2dbcUrls.withDatabase("r2dbc:mysql://root:pw@db:3306/test?sslMode=DISABLED", "sa_it_1"))
			.isEqualTo("r2dbc:mysql://root:pw@db:3306/sa_it_1?sslMode=DISABLED");
	}

	@Test
	void withDatabaseAddsAPathWhenThereIsNone() {
		assertThat(R2dbcUrls.withDatabase("r2dbc:mysql://db", "sa_it_1")).isEqualTo("r2dbc:mysql://db/sa_it_1");
	}

	@Test
	void withOptionStartsOrExtendsTheQuery() {
		assertThat(R2dbcUrls.withOption("r2dbc:postgresql://db/test", "schema", "s"))
			.isEqualTo("r2dbc:postgresql://db/test?schema=s");
		assertThat(R2dbcUrls.withOption("r2dbc:postgresql://db/test?sslMode=disable", "schema", "s"))
			.isEqualTo("r2dbc:postgresql://db/test?sslMode=disable&schema=s");
	}

	@Test
	void withHostReplacesHostAndPortAndKeepsTheRest() {
		assertThat(R2dbcUrls.withHost("r2dbc:postgresql://app:pw@db:5432/test?schema=s", "127.0.0.1:7000"))
			.isEqualTo("r2dbc:postgresql://app:pw@127.0.0.1:7000/test?schema=s");
	}

	@Test
	void withUserReplacesTheUserInfo() {
		assertThat(R2dbcUrls.withUser("r2dbc:mysql://root@db:3306/test?x=1", "nobody:wrong"))
			.isEqualTo("r2dbc:mysql://nobody:wrong@db:3306/test?x=1");
		assertThat(R2dbcUrls.withUser("r2dbc:mysql://db:3306/test", "nobody")).isEqualTo("r2dbc:mysql://nobody@db:3306/test");
	}

	@Test
	void maskedHidesPasswordsInUserInfoAndOptions() {
		assertThat(R2dbcUrls.masked("r2dbc:postgresql://app:s3cret@db:5432/test?password=other&schema=x"))
			.isEqualTo("r2dbc:postgresql://app:****@db:5432/test?password=****&schema=x");
	}

	@Test
	void maskedLeavesAUrlWithoutPasswordAsItIs() {
		assertThat(R2dbcUrls.masked("r2dbc:postgresql://postgres@127.0.0.1:5432/test"))
			.isEqualTo("r2dbc:postgresql://postgres@127.0.0.1:5432/test");
	}

	@Test
	void malformedUrlIsRefusedWithoutShowingItsPassword() {
		assertThatIllegalArgumentException().isThrownBy(() -> R2dbcUrls.withDatabase("jdbc:x:user:pw@db", "d"))
			.withMessageNotContaining("pw");
	}

}
