package io.github.reactivesessions.session;

import java.util.List;
import java.util.UUID;

import org.springframework.core.convert.converter.Converter;
import org.springframework.data.convert.ReadingConverter;
import org.springframework.data.convert.WritingConverter;
import org.springframework.data.r2dbc.dialect.MySqlDialect;
import org.springframework.data.r2dbc.dialect.R2dbcDialect;

/**
 * Converters the default entity template adds for MySQL and MariaDB.
 *
 * <p>MySQL has no UUID type and r2dbc-mysql no codec for {@link UUID}, yet Spring Data's
 * {@link MySqlDialect} lists {@code UUID} as a simple type and hands it to the driver
 * unchanged, which refuses it ("Cannot encode class java.util.UUID"). Writing it as its
 * 36-character text form lets a UUID property live in a {@code CHAR(36)} column, and keeps
 * it readable in a SQL console.
 */
final class MySqlConverters {

	private MySqlConverters() {
	}

	/**
	 * The converters to register for the given dialect: none unless it is MySQL's.
	 */
	static List<Object> forDialect(R2dbcDialect dialect) {
		return (dialect instanceof MySqlDialect) ? List.of(UuidToStringConverter.INSTANCE,
				StringToUuidConverter.INSTANCE) : List.of();
	}

	@WritingConverter
	enum UuidToStringConverter implements Converter<UUID, String> {

		INSTANCE;

		@Override
		public String convert(UUID source) {
			return source.toString();
		}

	}

	@ReadingConverter
	enum StringToUuidConverter implements Converter<String, UUID> {

		INSTANCE;

		@Override
		public UUID convert(String source) {
			return UUID.fromString(source);
		}

	}

}
