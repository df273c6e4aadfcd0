package io.github.reactivesessions.view;

import java.math.BigInteger;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.core.convert.ConversionException;
import org.springframework.core.convert.ConversionService;
import org.springframework.data.relational.core.mapping.RelationalPersistentEntity;
import org.springframework.data.relational.core.mapping.RelationalPersistentProperty;
import org.springframework.util.ClassUtils;

/**
 * Reads a primary key from its path variable and converts it to the type of the model's
 * {@code @Id}, strictly: whole numbers are decimal digits with an optional minus sign in the
 * range of the type (Spring's lenient number parsing would take {@code 0x10} and
 * {@code #10}), UUIDs are in their canonical form. Anything else is a 400 naming the
 * variable.
 */
final class PrimaryKeys {

	private static final Pattern WHOLE_NUMBER = Pattern.compile("-?[0-9]+");

	private static final Pattern UUID_FORM = Pattern
		.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

	private static final Map<Class<?>, long[]> RANGES = Map.of(Long.class,
			new long[] { Long.MIN_VALUE, Long.MAX_VALUE }, Integer.class,
			new long[] { Integer.MIN_VALUE, Integer.MAX_VALUE }, Short.class,
			new long[] { Short.MIN_VALUE, Short.MAX_VALUE }, Byte.class, new long[] { Byte.MIN_VALUE, Byte.MAX_VALUE });

	private PrimaryKeys() {
	}

	/**
	 * Return the primary key of a view's request.
	 * @throws ViewException when it is malformed
	 * @throws IllegalStateException when the route has no such path variable
	 */
	static Object of(PrimaryKeyMixin<?> view) {
		String variable = view.pkVariable();
		String raw = view.request().pathVariables().get(variable);
		RelationalPersistentEntity<?> entity = Models.entity(view);
		if (raw == null) {
			throw new IllegalStateException(("The route of %s has no path variable {%s}: %s reads the primary key of "
					+ "%s from it").formatted(view.request().path(), variable, view.getClass().getSimpleName(),
							entity.getType().getSimpleName()));
		}
		RelationalPersistentProperty id = Models.idProperty(entity);
		return parse(variable, raw, id.getType(), Models.conversionService(view));
	}

	/**
	 * Convert a primary key to the given type.
	 * @throws ViewException when it is malformed
	 */
	static Object parse(String variable, String raw, Class<?> idType, ConversionService conversionService) {
		if (raw.isEmpty()) {
			throw ViewException.badParameter(variable, "%s must not be empty".formatted(variable));
		}
		Class<?> type = ClassUtils.resolvePrimitiveIfNecessary(idType);
		if (type == String.class) {
			return raw;
		}
		long[] range = RANGES.get(type);
		if (range != null) {
			return wholeNumber(variable, raw, type, range);
		}
		if (type == BigInteger.class) {
			if (!WHOLE_NUMBER.matcher(raw).matches()) {
				throw ViewException.badParameter(variable,
						"%s must be a whole number, not '%s'".formatted(variable, ViewErrors.echo(raw)));
			}
			return new BigInteger(raw);
		}
		if (type == UUID.class) {
			if (!UUID_FORM.matcher(raw).matches()) {
				throw ViewException.badParameter(variable, ("%s must be a UUID such as "
						+ "'123e4567-e89b-12d3-a456-426614174000', not '%s'").formatted(variable, ViewErrors.echo(raw)));
			}
			return UUID.fromString(raw);
		}
		return converted(variable, raw, type, conversionService);
	}

	private static Object wholeNumber(String variable, String raw, Class<?> type, long[] range) {
		Long value = null;
		if (WHOLE_NUMBER.matcher(raw).matches()) {
			try {
				value = Long.parseLong(raw);
			}
			catch (NumberFormatException ex) {
				// more digits than a long holds: out of range, reported below
			}
		}
		if (value == null || value < range[0] || value > range[1]) {
			throw ViewException.badParameter(variable, "%s must be a whole number from %d to %d, not '%s'"
				.formatted(variable, range[0], range[1], ViewErrors.echo(raw)));
		}
		if (type == Long.class) {
			return value;
		}
		if (type == Integer.class) {
			return value.intValue();
		}
		return (type == Short.class) ? (Object) value.shortValue() : (Object) value.byteValue();
	}

	private static Object converted(String variable, String raw, Class<?> type, ConversionService conversionService) {
		@Nullable Object value;
		try {
			value = conversionService.convert(raw, type);
		}
		catch (ConversionException | IllegalArgumentException ex) {
			value = null;
		}
		if (value == null) {
			throw ViewException.badParameter(variable,
					"%s is not a valid %s: '%s'".formatted(variable, type.getSimpleName(), ViewErrors.echo(raw)));
		}
		return value;
	}

}
