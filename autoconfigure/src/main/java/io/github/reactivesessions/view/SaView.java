package io.github.reactivesessions.view;

import io.github.reactivesessions.session.ReactiveSession;
import io.github.reactivesessions.web.ReactiveSessions;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.util.Assert;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebExchange;

/**
 * A class-based view, created for one request: aiohttp-sqlalchemy's {@code SABaseView} (aiohttp's
 * {@code web.View} with {@code SAMixin}).
 *
 * <p>A subclass overrides the handler methods of the HTTP methods it answers; routed with
 * {@link SaViews#route}, the others get a 405 with an {@code Allow} header.
 *
 * <pre class="code">
 * class ReportView extends SaView {
 *
 *     ReportView(ServerRequest request) {
 *         super(request);
 *     }
 *
 *     &#64;Override
 *     public Mono&lt;ServerResponse&gt; get() {
 *         return ok(session().count(Report.class, Query.empty()));
 *     }
 *
 * }
 * </pre>
 *
 * <p>{@link #session()} is the session of {@link #sessionKey()}: the default key, or the key
 * a {@link io.github.reactivesessions.web.UseSession @UseSession} on the class names. Such an
 * annotation on the class or on a handler method also opens that bind for the request, so a
 * {@code middleware=false} bind is reachable.
 *
 * <p>A view is not thread-safe, nor needs to be: it serves one request.
 *
 * @since 0.1.0
 */
public abstract class SaView implements SaMixin {

	private final ServerRequest request;

	/**
	 * Create a view of a functional-endpoint request.
	 * @param request the request
	 */
	protected SaView(ServerRequest request) {
		Assert.notNull(request, "Request must not be null");
		this.request = request;
	}

	/**
	 * Create a view of an exchange, to use the mixins from an annotated controller method:
	 * the request reads bodies with the application's codecs and sees the controller's path
	 * variables.
	 * @param exchange the exchange
	 */
	protected SaView(ServerWebExchange exchange) {
		this(ExchangeRequests.of(exchange));
	}

	@Override
	public final ServerRequest request() {
		return this.request;
	}

	@Override
	public ReactiveSession session() {
		String key = sessionKey();
		return (key != null) ? ReactiveSessions.get(this.request, key) : ReactiveSessions.get(this.request);
	}

	@Override
	public ReactiveSession session(String key) {
		return ReactiveSessions.get(this.request, key);
	}

	/**
	 * Return the key of the bind whose session {@link #session()} returns: aiohttp-sqlalchemy's
	 * {@code sa_session_key}. By default the key of the class's {@code @UseSession} when it
	 * names exactly one, otherwise the default key.
	 * @return the bind key, or {@code null} for the default key
	 */
	protected @Nullable String sessionKey() {
		return ViewType.of(getClass()).sessionKey();
	}

	/**
	 * Answer a GET (and HEAD) request; not answered unless overridden.
	 * @return the response
	 */
	public Mono<ServerResponse> get() {
		return notAllowed();
	}

	/**
	 * Answer a POST request; not answered unless overridden.
	 * @return the response
	 */
	public Mono<ServerResponse> post() {
		return notAllowed();
	}

	/**
	 * Answer a PUT request; not answered unless overridden.
	 * @return the response
	 */
	public Mono<ServerResponse> put() {
		return notAllowed();
	}

	/**
	 * Answer a PATCH request; not answered unless overridden.
	 * @return the response
	 */
	public Mono<ServerResponse> patch() {
		return notAllowed();
	}

	/**
	 * Answer a DELETE request; not answered unless overridden.
	 * @return the response
	 */
	public Mono<ServerResponse> delete() {
		return notAllowed();
	}

	/**
	 * Answer 200 with the given body, or 404 when the publisher completes empty.
	 * @param body the body
	 * @param <R> the body type
	 * @return the response
	 */
	protected final <R> Mono<ServerResponse> ok(Mono<R> body) {
		return body.flatMap((value) -> ServerResponse.ok().bodyValue(value))
			.switchIfEmpty(Mono.error(() -> ViewException.notFound("Nothing found at " + this.request.path())));
	}

	/**
	 * Answer 201 with the given body, such as the entity an add wrote.
	 * @param body the body
	 * @param <R> the body type
	 * @return the response
	 */
	protected final <R> Mono<ServerResponse> created(Mono<R> body) {
		return body.flatMap((value) -> ServerResponse.status(HttpStatus.CREATED).bodyValue(value))
			.switchIfEmpty(Mono.defer(() -> ServerResponse.status(HttpStatus.CREATED).build()));
	}

	/**
	 * Answer 204 once the given work completes, such as a delete.
	 * @param work the work
	 * @return the response
	 */
	protected final Mono<ServerResponse> noContent(Mono<?> work) {
		return work.then(Mono.defer(() -> ServerResponse.noContent().build()));
	}

	private Mono<ServerResponse> notAllowed() {
		return Mono.error(() -> ViewException.methodNotAllowed(this.request.method(),
				ViewType.of(getClass()).allowed()));
	}

}
