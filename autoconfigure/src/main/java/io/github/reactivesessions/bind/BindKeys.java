package io.github.reactivesessions.bind;

import java.util.regex.Pattern;

/**
 * Rules for bind keys. A key names Spring beans ({@code <key>ConnectionFactory}) and
 * configuration entries ({@code sa.binds.<key>}), so it is a letter followed by letters,
 * digits and underscores.
 */
final class BindKeys {

	private static final Pattern VALID = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

	private BindKeys() {
	}

	static String validate(String key) {
		if (!VALID.matcher(key).matches()) {
			throw new InvalidBindKeyException(key);
		}
		return key;
	}

}
