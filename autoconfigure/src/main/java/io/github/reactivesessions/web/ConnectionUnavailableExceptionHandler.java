package io.github.reactivesessions.web;

import io.github.reactivesessions.session.ConnectionUnavailableException;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

/**
 * Answers a request whose session got no connection ({@link ConnectionUnavailableException}:
 * an exhausted pool, an unreachable database) with {@code 503 Service Unavailable} instead
 * of 500: nothing was written, and a retry may succeed. A 503 tells a client or a load
 * balancer to retry later, where a 500 would report a bug.
 *
 * <p>It turns the exception into a {@link ResponseStatusException} carrying its message and
 * passes it on, so that Spring Boot's error handler (order {@code -1}) writes the response as
 * it writes any other error. Other errors pass unchanged.
 *
 * <p>A {@code WebExceptionHandler} rather than an operator of the {@link SessionWebFilter}:
 * it costs nothing on requests that succeed, and it also covers sessions opened outside the
 * filter's requests (a session factory used directly by a handler).
 *
 * @author reactive-sessions
 * @since 0.1.0
 */
public final class ConnectionUnavailableExceptionHandler implements WebExceptionHandler, Ordered {

	/**
	 * Order of the handler: before Spring Boot's error handler ({@code -1}), which writes
	 * the response.
	 */
	public static final int ORDER = -2;

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
		if (ex instanceof ConnectionUnavailableException unavailable) {
			return Mono.error(
					new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, unavailable.getMessage(), unavailable));
		}
		return Mono.error(ex);
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
