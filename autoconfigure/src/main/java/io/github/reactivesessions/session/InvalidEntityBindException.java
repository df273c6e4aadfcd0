package io.github.reactivesessions.session;

import java.util.Collection;

/**
 * Thrown when an entity type names a bind that does not exist, or two binds (its
 * {@link BindKey @BindKey} and a bind's {@code entity-packages}), or when two binds claim
 * one package.
 *
 * @since 0.1.0
 */
public class InvalidEntityBindException extends IllegalStateException {

	private final String subject;

	private InvalidEntityBindException(String subject, String message) {
		super(message);
		this.subject = subject;
	}

	static InvalidEntityBindException unknownKey(Class<?> type, String key, String how, Collection<String> keys) {
		return new InvalidEntityBindException(type.getName(), "Entity %s names bind '%s' (%s), but no bind has that key; the binds are %s"
			.formatted(type.getSimpleName(), key, how, keys));
	}

	static InvalidEntityBindException twoBinds(Class<?> type, String first, String second) {
		return new InvalidEntityBindException(type.getName(),
				"Entity %s is claimed by two binds: by %s and by %s".formatted(type.getSimpleName(), first, second));
	}

	static InvalidEntityBindException packageOfTwoBinds(String packageName, String first, String second) {
		return new InvalidEntityBindException(packageName,
				"Package %s is claimed by two binds: sa.binds.%s.entity-packages and sa.binds.%s.entity-packages"
					.formatted(packageName, first, second));
	}

	/**
	 * Return the entity type or the package that was refused.
	 * @return its name
	 */
	public String getSubject() {
		return this.subject;
	}

}
