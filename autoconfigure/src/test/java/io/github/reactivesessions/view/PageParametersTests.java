package io.github.reactivesessions.view;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link PageParameters}.
 */
class PageParametersTests {

	@Test
	void absentParametersGiveTheFirstPageOfTheDefaultSize() {
		PageParameters page = PageParameters.of(new LinkedMultiValueMap<>(), 20, 100);
		assertThat(page.pageKey()).isEqualTo(1);
		assertThat(page.pageSize()).isEqualTo(20);
		assertThat(page.offset()).isZero();
	}

	@Test
	void parametersChooseThePageAndItsSize() {
		PageParameters page = PageParameters.of(query("page_key", "3", "page_size", "100"), 20, 100);
		assertThat(page.pageKey()).isEqualTo(3);
		assertThat(page.pageSize()).isEqualTo(100);
		assertThat(page.offset()).isEqualTo(200);
	}

	@Test
	void offsetOfTheLastPageKeyDoesNotOverflow() {
		PageParameters page = PageParameters.of(query("page_key", "2147483647", "page_size", "1000"), 20, 1000);
		assertThat(page.offset()).isEqualTo(2147483646L * 1000);
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "-1", "x", "1e3", "1.0", "+1", " 1", "", "2147483648", "99999999999999999999" })
	void malformedPageKeyIsABadParameter(String value) {
		assertThatExceptionOfType(ViewException.class)
			.isThrownBy(() -> PageParameters.of(query("page_key", value), 20, 100))
			.satisfies((ex) -> {
				assertThat(ex.getMessage())
					.isEqualTo("page_key must be a whole number from 1 to 2147483647, not '" + value + "'");
				assertThat(ex.getParameter()).isEqualTo("page_key");
			});
	}

	@Test
	void pageSizeAboveTheMaximumIsABadParameter() {
		assertThatExceptionOfType(ViewException.class)
			.isThrownBy(() -> PageParameters.of(query("page_size", "101"), 20, 100))
			.withMessage("page_size must be a whole number from 1 to 100, not '101'")
			.satisfies((ex) -> assertThat(ex.getParameter()).isEqualTo("page_size"));
	}

	@Test
	void repeatedParameterIsABadParameter() {
		MultiValueMap<String, String> query = query("page_key", "1");
		query.add("page_key", "2");
		assertThatExceptionOfType(ViewException.class).isThrownBy(() -> PageParameters.of(query, 20, 100))
			.withMessage("page_key must be given once, not 2 times");
	}

	private static MultiValueMap<String, String> query(String... namesAndValues) {
		MultiValueMap<String, String> query = new LinkedMultiValueMap<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			query.add(namesAndValues[i], namesAndValues[i + 1]);
		}
		return query;
	}

}
