package io.github.reactivesessions.autoconfigure;

import java.util.Collection;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Thrown at startup for a property under {@code sa.binds.<key>} that no bind has.
 */
class UnknownBindPropertyException extends IllegalStateException {

	private final String property;

	private final String key;

	private final @Nullable String nearest;

	private final List<String> known;

	UnknownBindPropertyException(String property, String key, @Nullable String nearest, Collection<String> known) {
		super("Property '%s' is not a property of a bind%s".formatted(property,
				(nearest != null) ? ": did you mean 'sa.binds.%s.%s'?".formatted(key, nearest) : ""));
		this.property = property;
		this.key = key;
		this.nearest = nearest;
		this.known = List.copyOf(known);
	}

	String getProperty() {
		return this.property;
	}

	String getKey() {
		return this.key;
	}

	@Nullable String getNearest() {
		return this.nearest;
	}

	List<String> getKnown() {
		return this.known;
	}

}
