package io.github.reactivesessions.bind;

import java.util.Collection;

/**
 * Thrown when the default key names no bind, for example when {@code sa.default-key} is
 * misspelt or no database is configured at all.
 *
 * @since 0.1.0
 */
public class DefaultBindNotFoundException extends BindNotFoundException {

	/**
	 * Create an exception for the given default key.
	 * @param defaultKey the default key
	 * @param knownKeys the keys of the configured binds
	 */
	public DefaultBindNotFoundException(String defaultKey, Collection<String> knownKeys) {
		super(knownKeys.isEmpty() ? "No database is configured, so there is no bind for the default key '%s'"
			.formatted(defaultKey)
				: "The default key '%s' names no bind; the binds are %s".formatted(defaultKey,
						describe(knownKeys)),
				defaultKey, knownKeys);
	}

}
