package io.github.reactivesessions.view;

import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebExchange;

/**
 * Writes a {@link ViewException} raised in an annotated controller (by mixins used from a
 * controller method) as its problem detail, as {@link SaViews} routes do for views. Without
 * it, Spring Boot's error handler answers with the right status but, under its default
 * settings, without the message. The auto-configuration registers it; an application
 * without auto-configuration imports it.
 *
 * @since 0.1.0
 */
@RestControllerAdvice
public class ViewExceptionHandler {

	/**
	 * Answer with the exception's status, headers and problem detail.
	 * @param ex the exception
	 * @param exchange the exchange
	 * @return the response
	 */
	@ExceptionHandler
	public ResponseEntity<ProblemDetail> handleViewException(ViewException ex, ServerWebExchange exchange) {
		return ViewErrors.entity(ex, exchange.getRequest().getURI());
	}

}
