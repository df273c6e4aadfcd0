package io.github.reactivesessions.view;

import io.github.reactivesessions.session.ReactiveSession;
import io.github.reactivesessions.session.RoutedSession;
import io.github.reactivesessions.web.ReactiveSessions;

import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * Something that serves one request with the request's sessions: aiohttp-sqlalchemy's
 * {@code SAMixin}, the base of every mixin. {@link SaView} implements it.
 *
 * @since 0.1.0
 */
public interface SaMixin {

	/**
	 * Return the request being served.
	 * @return the request
	 */
	ServerRequest request();

	/**
	 * Return the session the mixins use: aiohttp-sqlalchemy's {@code get_sa_session()}.
	 * @return the session
	 * @throws io.github.reactivesessions.web.SessionNotFoundException when it is not open for
	 * the request
	 */
	ReactiveSession session();

	/**
	 * Return the request's session of another bind: aiohttp-sqlalchemy's {@code sa_session(key)}.
	 * @param key the bind key
	 * @return the session
	 * @throws io.github.reactivesessions.web.SessionNotFoundException when it is not open for
	 * the request, saying why
	 */
	ReactiveSession session(String key);

	/**
	 * Return the request's routed session, which takes each entity to its bind.
	 * @return the routed session
	 * @see io.github.reactivesessions.session.RoutedSession
	 */
	default RoutedSession routedSession() {
		return ReactiveSessions.routed(request());
	}

}
