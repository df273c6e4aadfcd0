package io.github.reactivesessions.web;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.github.reactivesessions.bind.Bind;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpCookie;
import org.springframework.http.ResponseCookie;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;

/**
 * A client's read-your-writes window: after a request of the client committed a write
 * through a bind with replicas, the response tells the client until when its requests read
 * on the bind's primary, in a cookie ({@code sa-primary-until-<key>}, for browsers) and a
 * header ({@code Sa-Primary-Until: <key>=<epoch millis>}, for clients without a cookie
 * jar, which send it back). A request carrying either, before that time, reads on the
 * primary. A value that does not parse, or lies further ahead than the window, is
 * ignored: the client cannot pin itself to the primary.
 */
final class ReadYourWrites {

	/**
	 * The header of the window, in responses and requests.
	 */
	static final String HEADER = "Sa-Primary-Until";

	static final String COOKIE_PREFIX = "sa-primary-until-";

	// Longer values are not ours: a key and 13 digits fit in far less.
	private static final int MAX_VALUE_LENGTH = 128;

	private ReadYourWrites() {
	}

	/**
	 * Whether the request is inside its client's window for the bind.
	 */
	static boolean isWithin(ServerHttpRequest request, Bind bind, Clock clock) {
		Duration window = bind.readYourWrites();
		if (window.isZero()) {
			return false;
		}
		long now = clock.millis();
		long latest = now + window.toMillis();
		HttpCookie cookie = request.getCookies().getFirst(COOKIE_PREFIX + bind.key());
		if (cookie != null && isWithin(parse(cookie.getValue()), now, latest)) {
			return true;
		}
		List<String> headers = request.getHeaders().get(HEADER);
		if (headers == null) {
			return false;
		}
		String prefix = bind.key() + "=";
		for (String header : headers) {
			if (header.length() > MAX_VALUE_LENGTH * 8) {
				continue;
			}
			for (String entry : header.split(",")) {
				String trimmed = entry.trim();
				if (trimmed.startsWith(prefix) && isWithin(parse(trimmed.substring(prefix.length())), now, latest)) {
					return true;
				}
			}
		}
		return false;
	}

	/**
	 * Start the client's window for the bind: the cookie and the header of the response.
	 */
	static void start(ServerHttpResponse response, Bind bind, Clock clock) {
		Duration window = bind.readYourWrites();
		if (window.isZero()) {
			return;
		}
		long until = clock.millis() + window.toMillis();
		response.addCookie(ResponseCookie.from(COOKIE_PREFIX + bind.key(), Long.toString(until))
			.path("/")
			.maxAge(Duration.ofSeconds((window.toMillis() + 999) / 1000))
			.httpOnly(true)
			.sameSite("Lax")
			.build());
		response.getHeaders().add(HEADER, bind.key() + "=" + until);
	}

	private static boolean isWithin(@Nullable Long until, long now, long latest) {
		return until != null && until > now && until <= latest;
	}

	private static @Nullable Long parse(String value) {
		if (value.isEmpty() || value.length() > MAX_VALUE_LENGTH) {
			return null;
		}
		for (int i = 0; i < value.length(); i++) {
			if (value.charAt(i) < '0' || value.charAt(i) > '9') {
				return null;
			}
		}
		try {
			return Long.parseLong(value);
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

}
