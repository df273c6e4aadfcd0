package io.github.reactivesessions.autoconfigure;

import org.springframework.core.NestedExceptionUtils;

/**
 * Thrown when the startup initialization of a bind fails: a Flyway migration, a schema or
 * data script, or the creation of its entities' tables.
 */
class BindInitializationException extends IllegalStateException {

	private final String key;

	private final String step;

	private final String settings;

	BindInitializationException(String key, String step, Throwable cause) {
		this(key, step, "init (schema-locations, data-locations, create-all, entity-packages)", cause);
	}

	BindInitializationException(String key, String step, String settings, Throwable cause) {
		super("Initialization of bind '%s' failed in %s: %s".formatted(key, step, describe(cause)), cause);
		this.key = key;
		this.step = step;
		this.settings = settings;
	}

	private static String describe(Throwable cause) {
		Throwable root = NestedExceptionUtils.getMostSpecificCause(cause);
		String message = String.valueOf(cause.getMessage());
		if (root == cause || root.getMessage() == null || message.contains(root.getMessage())) {
			return message;
		}
		// The database's own reason (missing table, syntax error) is in the root cause.
		return message + " (" + root.getMessage().lines().findFirst().orElse("") + ")";
	}

	String getKey() {
		return this.key;
	}

	/**
	 * The failed step: the script, or the table creation.
	 */
	String getStep() {
		return this.step;
	}

	/**
	 * The settings under {@code sa.binds.<key>} that lead to the step, such as
	 * {@code "init (create-all, ...)"}.
	 */
	String getSettings() {
		return this.settings;
	}

}
