package io.github.reactivesessions.bind;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when two binds have the same key (aiohttp-sqlalchemy's {@code DuplicateAppKeyError}), or keys
 * that differ only in case: keys are case-sensitive, so {@code sa.binds.SA_MAIN} beside
 * {@code sa.binds.sa_main} would silently be a second database.
 *
 * @since 0.1.0
 */
public class DuplicateBindKeyException extends IllegalStateException {

	private final String key;

	private final @Nullable String otherKey;

	/**
	 * Create an exception for the given key.
	 * @param key the key used twice
	 */
	public DuplicateBindKeyException(String key) {
		super("Two binds have the key '%s': every bind needs a key of its own".formatted(key));
		this.key = key;
		this.otherKey = null;
	}

	/**
	 * Create an exception for two keys that differ only in case.
	 * @param key one key
	 * @param otherKey the other key, spelt with other cases
	 */
	public DuplicateBindKeyException(String key, String otherKey) {
		super(("Binds '%s' and '%s' have keys that differ only in case: keys are case-sensitive, so these are two "
				+ "binds, probably one meant as the other").formatted(key, otherKey));
		this.key = key;
		this.otherKey = otherKey;
	}

	/**
	 * Return the key used twice.
	 * @return the key
	 */
	public String getKey() {
		return this.key;
	}

	/**
	 * Return the other spelling of the key, when the keys differ only in case.
	 * @return the other key, or {@code null} when the same key is used twice
	 */
	public @Nullable String getOtherKey() {
		return this.otherKey;
	}

}
