package io.github.reactivesessions.view;

import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A request a view cannot serve as asked: a malformed primary key, {@code page_key} or body
 * (400), a missing row (404), a method the view does not answer (405), a body of a type it
 * cannot read (415) or a write that conflicts with existing rows (409).
 *
 * <p>It is an RFC 9457 error response: its {@link #getBody() body} is the problem detail the
 * client receives as {@code application/problem+json}, with the message as {@code detail}
 * and, when a request parameter or path variable is at fault, its name as the
 * {@value #PARAMETER} property:
 *
 * <pre class="code">
 * {"detail":"page_key must be a whole number from 1 to 2147483647, not 'x'",
 *  "instance":"/orders","parameter":"page_key","status":400,"title":"Bad Request"}
 * </pre>
 *
 * <p>Views routed with {@link SaViews} and annotated controllers advised by
 * {@link ViewExceptionHandler} write that body themselves, so the message reaches the client
 * under Spring Boot's default error settings, which keep exception messages out of error
 * responses. Throw one from an overridden hook to reject input the same way.
 *
 * @since 0.1.0
 */
public class ViewException extends ErrorResponseException {

	/**
	 * Name of the problem detail property that names the request parameter or path variable
	 * at fault.
	 */
	public static final String PARAMETER = "parameter";

	/**
	 * Name of the problem detail property that names the field of the request body at fault.
	 */
	public static final String FIELD = "field";

	private final String detail;

	private final @Nullable String parameter;

	ViewException(HttpStatusCode status, String detail, @Nullable String parameter, @Nullable Throwable cause) {
		this(status, detail, parameter, null, cause);
	}

	private ViewException(HttpStatusCode status, String detail, @Nullable String parameter, @Nullable String field,
			@Nullable Throwable cause) {
		super(status, problem(status, detail, parameter, field), cause);
		this.detail = detail;
		this.parameter = parameter;
	}

	private static ProblemDetail problem(HttpStatusCode status, String detail, @Nullable String parameter,
			@Nullable String field) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		if (parameter != null) {
			problem.setProperty(PARAMETER, parameter);
		}
		if (field != null) {
			problem.setProperty(FIELD, field);
		}
		return problem;
	}

	/**
	 * A 400 for a request parameter or path variable that is malformed or out of range.
	 * @param parameter the name of the parameter or path variable
	 * @param message what is wrong and what is expected, naming the parameter
	 * @return the exception
	 */
	public static ViewException badParameter(String parameter, String message) {
		return new ViewException(HttpStatus.BAD_REQUEST, message, parameter, null);
	}

	/**
	 * A 400 for a request body that is not a valid entity.
	 * @param message what is wrong with the body
	 * @return the exception
	 */
	public static ViewException badBody(String message) {
		return new ViewException(HttpStatus.BAD_REQUEST, message, null, null);
	}

	/**
	 * A 400 for a field of the request body that is missing, malformed or does not fit its
	 * column.
	 * @param field the name of the field (the entity's property)
	 * @param message what is wrong and what is expected, naming the field
	 * @return the exception
	 */
	public static ViewException badField(String field, String message) {
		return new ViewException(HttpStatus.BAD_REQUEST, message, null, field, null);
	}

	/**
	 * A 404 for a row that does not exist.
	 * @param message which row is missing
	 * @return the exception
	 */
	public static ViewException notFound(String message) {
		return new ViewException(HttpStatus.NOT_FOUND, message, null, null);
	}

	static ViewException badBody(String message, Throwable cause) {
		return new ViewException(HttpStatus.BAD_REQUEST, message, null, cause);
	}

	static ViewException badField(String field, String message, Throwable cause) {
		return new ViewException(HttpStatus.BAD_REQUEST, message, null, field, cause);
	}

	static ViewException payloadTooLarge(String message, Throwable cause) {
		return new ViewException(HttpStatus.CONTENT_TOO_LARGE, message, null, null, cause);
	}

	static ViewException unsupportedMediaType(String message, Throwable cause) {
		return new ViewException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, message, null, cause);
	}

	static ViewException conflict(String message, Throwable cause) {
		return new ViewException(HttpStatus.CONFLICT, message, null, cause);
	}

	static ViewException methodNotAllowed(HttpMethod method, Set<HttpMethod> allowed) {
		ViewException ex = new ViewException(HttpStatus.METHOD_NOT_ALLOWED,
				"%s is not allowed here; allowed: %s".formatted(method.name(),
						String.join(", ", allowed.stream().map(HttpMethod::name).toList())),
				null, null);
		ex.getHeaders().setAllow(allowed);
		return ex;
	}

	/**
	 * Return the name of the request parameter or path variable at fault.
	 * @return the parameter name, or {@code null} when the fault is elsewhere
	 */
	public @Nullable String getParameter() {
		return this.parameter;
	}

	/**
	 * Return the message sent to the client as the problem's {@code detail}.
	 * @return the message
	 */
	@Override
	public String getMessage() {
		return this.detail;
	}

}
