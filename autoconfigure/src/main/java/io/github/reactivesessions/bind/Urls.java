package io.github.reactivesessions.bind;

import java.util.regex.Pattern;

/**
 * Masks the password in an R2DBC url, so that urls can appear in messages and logs.
 */
final class Urls {

	private static final Pattern USER_INFO_PASSWORD = Pattern.compile("(://[^:/@?]*:)[^@/?]*@");

	private static final Pattern PASSWORD_OPTION = Pattern.compile("(?i)(password=)[^&;]*");

	private static final String MASK = "******";

	private Urls() {
	}

	static String mask(String url) {
		String masked = USER_INFO_PASSWORD.matcher(url).replaceAll("$1" + MASK + "@");
		return PASSWORD_OPTION.matcher(masked).replaceAll("$1" + MASK);
	}

}
