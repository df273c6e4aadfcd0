package io.github.reactivesessions.schema;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Column;
import org.springframework.data.relational.core.mapping.Table;

/**
 * Test entity with a property of every type the schema manager supports, as a wrapper and,
 * where there is one, as a primitive. Spring Data reads and writes the fields directly; the
 * suites do too.
 */
@Table("all_types")
class AllTypes {

	@Id
	@Nullable Long id;

	@Nullable String text;

	@Nullable Integer integerValue;

	int intValue;

	@Nullable Long longWrapper;

	long longValue;

	@Nullable Short shortWrapper;

	short shortValue;

	@Nullable Boolean booleanWrapper;

	boolean booleanValue;

	@Nullable Double doubleWrapper;

	double doubleValue;

	@Nullable Float floatWrapper;

	float floatValue;

	@Nullable BigDecimal decimal;

	@Nullable LocalDate date;

	@Nullable LocalTime time;

	@Nullable LocalDateTime dateTime;

	@Nullable Instant instant;

	@Nullable OffsetDateTime offsetDateTime;

	@Nullable UUID uuid;

	@Column("payload")
	byte @Nullable [] bytes;

	@Nullable Colour colour;

	@Version
	@Nullable Long version;

	enum Colour {

		RED, GREEN

	}

}
