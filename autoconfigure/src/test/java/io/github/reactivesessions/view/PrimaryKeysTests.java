package io.github.reactivesessions.view;

import java.math.BigInteger;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.core.convert.ConversionService;
import org.springframework.core.convert.support.DefaultConversionService;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link PrimaryKeys}.
 */
class PrimaryKeysTests {

	private final ConversionService conversionService = DefaultConversionService.getSharedInstance();

	@Test
	void wholeNumbersBecomeTheIdType() {
		assertThat(parse("42", Long.class)).isEqualTo(42L);
		assertThat(parse("-7", long.class)).isEqualTo(-7L);
		assertThat(parse("2147483647", Integer.class)).isEqualTo(Integer.MAX_VALUE);
		assertThat(parse("-32768", short.class)).isEqualTo(Short.MIN_VALUE);
		assertThat(parse("127", Byte.class)).isEqualTo((byte) 127);
		assertThat(parse("123456789012345678901234567890", BigInteger.class))
			.isEqualTo(new BigInteger("123456789012345678901234567890"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "abc", "1.5", "1e3", "0x10", "#10", "+1", " 1", "1 ", "--1", "9223372036854775808" })
	void malformedWholeNumberIsABadParameter(String raw) {
		assertBadParameter(raw, Long.class,
				"pk must be a whole number from -9223372036854775808 to 9223372036854775807, not '" + raw + "'");
	}

	@Test
	void wholeNumberOutOfTheRangeOfTheIdTypeIsABadParameter() {
		assertBadParameter("2147483648", Integer.class,
				"pk must be a whole number from -2147483648 to 2147483647, not '2147483648'");
		assertBadParameter("40000", short.class, "pk must be a whole number from -32768 to 32767, not '40000'");
	}

	@Test
	void emptyKeyIsABadParameterWhateverTheType() {
		assertBadParameter("", Long.class, "pk must not be empty");
		assertBadParameter("", String.class, "pk must not be empty");
		assertBadParameter("", UUID.class, "pk must not be empty");
	}

	@Test
	void textIdsAreTakenAsTheyCome() {
		assertThat(parse("a b/c", String.class)).isEqualTo("a b/c");
	}

	@Test
	void uuidsMustBeCanonical() {
		UUID uuid = UUID.randomUUID();
		assertThat(parse(uuid.toString(), UUID.class)).isEqualTo(uuid);
		assertBadParameter("1-1-1-1-1", UUID.class,
				"pk must be a UUID such as '123e4567-e89b-12d3-a456-426614174000', not '1-1-1-1-1'");
	}

	@Test
	void otherTypesGoThroughTheConversionService() {
		assertThat(parse("RED", Color.class)).isEqualTo(Color.RED);
		assertBadParameter("PINK", Color.class, "pk is not a valid Color: 'PINK'");
	}

	@Test
	void longInputIsShortenedInTheMessage() {
		String raw = "x".repeat(1000);
		assertThatExceptionOfType(ViewException.class).isThrownBy(() -> parse(raw, Long.class))
			.satisfies((ex) -> assertThat(ex.getMessage()).hasSizeLessThan(300).endsWith("...'"));
	}

	private Object parse(String raw, Class<?> type) {
		return PrimaryKeys.parse("pk", raw, type, this.conversionService);
	}

	private void assertBadParameter(String raw, Class<?> type, String message) {
		assertThatExceptionOfType(ViewException.class).isThrownBy(() -> parse(raw, type)).satisfies((ex) -> {
			assertThat(ex.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
			assertThat(ex.getMessage()).isEqualTo(message);
			assertThat(ex.getParameter()).isEqualTo("pk");
			assertThat(ex.getBody().getDetail()).isEqualTo(message);
			assertThat(ex.getBody().getProperties()).containsEntry(ViewException.PARAMETER, "pk");
		});
	}

	enum Color {

		RED, GREEN

	}

}
