package io.github.reactivesessions.web;

import java.util.Collection;
import java.util.List;

/**
 * Thrown when a session is asked for by a key that is not open, with the reason: the key
 * names no bind, the bind's paths exclude the request, the bind is not opened by the filter
 * and the handler does not ask for it, there is no request or {@code @UseSession} method
 * at all, or the request has ended (code still running for a client that went away).
 *
 * @since 0.1.0
 */
public class SessionNotFoundException extends IllegalStateException {

	private final String key;

	private final Reason reason;

	SessionNotFoundException(String key, Reason reason, String message) {
		super(message);
		this.key = key;
		this.reason = reason;
	}

	static SessionNotFoundException unknownKey(String key, Collection<String> knownKeys) {
		return new SessionNotFoundException(key, Reason.UNKNOWN_KEY,
				"No bind has the key '%s', so there is no session for it; the binds are %s".formatted(key,
						String.join(", ", knownKeys.stream().map((known) -> "'" + known + "'").toList())));
	}

	static SessionNotFoundException excludedByPaths(String key, String path, List<String> paths,
			List<String> excludePaths) {
		return new SessionNotFoundException(key, Reason.EXCLUDED_BY_PATHS, ("The session of bind '%s' is not open for "
				+ "%s: the web filter opens it only under paths %s, excluding %s. Add the path to sa.binds.%s.paths, "
				+ "or annotate the handler with @UseSession(\"%s\")")
			.formatted(key, path, paths.isEmpty() ? "[/**]" : paths, excludePaths, key, key));
	}

	static SessionNotFoundException notOpened(String key) {
		return new SessionNotFoundException(key, Reason.NOT_OPENED, ("The session of bind '%s' is not open: the bind "
				+ "has middleware=false, so a handler opens it with @UseSession(\"%s\") (or "
				+ "SessionHandlerFilters.useSession(\"%s\") on a functional route)").formatted(key, key, key));
	}

	static SessionNotFoundException noScope(String key) {
		return new SessionNotFoundException(key, Reason.NO_SCOPE, ("No session of bind '%s' here: sessions are open "
				+ "inside a request handled by the SessionWebFilter, or inside a method annotated with "
				+ "@UseSession(\"%s\")").formatted(key, key));
	}

	static SessionNotFoundException noRoutedScope() {
		return new SessionNotFoundException("(routed)", Reason.NO_SCOPE, "No routed session here: it exists inside a "
				+ "request handled by the SessionWebFilter, or inside a method annotated with @UseSession; elsewhere "
				+ "open one with Binds.openRoutedSession()");
	}

	static SessionNotFoundException scopeEnded(String key) {
		return new SessionNotFoundException(key, Reason.SCOPE_ENDED, ("The session of bind '%s' cannot be opened: the "
				+ "request or @UseSession call it would belong to has ended (a client that went away, or a publisher "
				+ "subscribed after its end)").formatted(key));
	}

	/**
	 * Return the key that was asked for.
	 * @return the bind key
	 */
	public String getKey() {
		return this.key;
	}

	/**
	 * Return why the session is not open.
	 * @return the reason
	 */
	public Reason getReason() {
		return this.reason;
	}

	/**
	 * Why a session is not open.
	 */
	public enum Reason {

		/**
		 * No bind has the key.
		 */
		UNKNOWN_KEY,

		/**
		 * The bind's {@code paths} or {@code exclude-paths} leave the request out.
		 */
		EXCLUDED_BY_PATHS,

		/**
		 * The bind has {@code middleware=false} and the handler does not open it.
		 */
		NOT_OPENED,

		/**
		 * Not inside a request or a {@code @UseSession} method.
		 */
		NO_SCOPE,

		/**
		 * The request or {@code @UseSession} call has ended, and its sessions are closed.
		 */
		SCOPE_ENDED

	}

}
