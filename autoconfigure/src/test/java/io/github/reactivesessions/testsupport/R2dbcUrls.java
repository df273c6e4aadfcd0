package io.github.reactivesessions.testsupport;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Edits R2DBC urls ({@code r2dbc:driver[:protocol]://[user[:password]@]host[:port][/database][?options]})
 * as text, so that a url handed to a test keeps every option of the one it came from.
 */
public final class R2dbcUrls {

	private static final Pattern URL = Pattern
		.compile("^(r2dbcs?:[^/]+//)(?:([^@/?]*)@)?([^/?]*)(/[^?]*)?(\\?.*)?$");

	private static final Pattern PASSWORD_OPTION = Pattern.compile("([?&]password=)[^&]*", Pattern.CASE_INSENSITIVE);

	private R2dbcUrls() {
	}

	/**
	 * The url with its database (path) replaced.
	 */
	public static String withDatabase(String url, String database) {
		Matcher matcher = matcher(url);
		return matcher.group(1) + userInfo(matcher.group(2)) + matcher.group(3) + "/" + database
				+ nullToEmpty(matcher.group(5));
	}

	/**
	 * The url with its host and port replaced.
	 */
	public static String withHost(String url, String hostAndPort) {
		Matcher matcher = matcher(url);
		return matcher.group(1) + userInfo(matcher.group(2)) + hostAndPort + nullToEmpty(matcher.group(4))
				+ nullToEmpty(matcher.group(5));
	}

	/**
	 * The url with its user (and password) replaced.
	 */
	public static String withUser(String url, String userInfo) {
		Matcher matcher = matcher(url);
		return matcher.group(1) + userInfo + "@" + matcher.group(3) + nullToEmpty(matcher.group(4))
				+ nullToEmpty(matcher.group(5));
	}

	/**
	 * The url with a query option added.
	 */
	public static String withOption(String url, String name, String value) {
		Matcher matcher = matcher(url);
		String query = nullToEmpty(matcher.group(5));
		String separator = query.isEmpty() ? "?" : "&";
		return url + separator + name + "=" + value;
	}

	/**
	 * The url with any password replaced by {@code ****}, fit for messages.
	 */
	public static String masked(String url) {
		Matcher matcher = URL.matcher(url);
		if (!matcher.matches()) {
			// Not a url we understand: say nothing that could be a secret.
			return url.replaceAll(":[^:@/]*@", ":****@");
		}
		String userInfo = matcher.group(2);
		if (userInfo != null && userInfo.contains(":")) {
			userInfo = userInfo.substring(0, userInfo.indexOf(':')) + ":****";
		}
		String query = PASSWORD_OPTION.matcher(nullToEmpty(matcher.group(5))).replaceAll("$1****");
		return matcher.group(1) + userInfo(userInfo) + matcher.group(3) + nullToEmpty(matcher.group(4)) + query;
	}

	private static Matcher matcher(String url) {
		Matcher matcher = URL.matcher(url);
		if (!matcher.matches()) {
			throw new IllegalArgumentException("Not an R2DBC url: " + masked(url));
		}
		return matcher;
	}

	private static String userInfo(String userInfo) {
		return (userInfo != null) ? userInfo + "@" : "";
	}

	private static String nullToEmpty(String value) {
		return (value != null) ? value : "";
	}

}
