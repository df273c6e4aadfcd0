package io.github.reactivesessions.web;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.reactivesessions.bind.Bind;
import io.github.reactivesessions.bind.Binds;
import io.github.reactivesessions.session.ConnectionUnavailableException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.ResolvableType;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Opens, for each request, a session of every bind with {@code middleware=true} whose paths
 * match: aiohttp-sqlalchemy's {@code sa_middleware}.
 *
 * <p>Each session is put in the exchange attributes under its key and is reachable from the
 * request's Reactor Context ({@link ReactiveSessions#current(String)}). Sessions are lazy: a
 * request that never runs a statement takes no connection. When the exchange completes,
 * fails or is cancelled (the client went away), including after a streamed body, every
 * session is closed: uncommitted work is rolled back and connections return to their pools.
 *
 * <p>For binds with {@code commit-on-success}, the session's pending work is flushed and
 * committed just before the response is committed when the status is below 400, and rolled
 * back otherwise; when the commit fails the request fails with a 5xx instead of reporting
 * success. Work done while a streamed body is written comes after that commit and is rolled
 * back at the end unless the handler commits it.
 *
 * <p>Failures that come from the database are answered with the status they mean, as an
 * RFC 9457 problem detail ({@code application/problem+json}) written here, so that its
 * detail shows under Spring Boot's default error settings: a session that could not get or
 * keep its connection ({@link ConnectionUnavailableException}: an exhausted pool, a refused
 * or unreachable database, a refused login, a connection killed before the commit) is a
 * {@code 503} with {@code Retry-After} naming the bind, rather than a 500: nothing was
 * committed, and a retry may succeed; a commit whose outcome is unknown
 * ({@link io.github.reactivesessions.session.CommitOutcomeUnknownException}) is a {@code 503}
 * without {@code Retry-After}; a value its column cannot hold (SQLSTATE class 22) or a
 * missing required value is a {@code 400}, another integrity violation a {@code 409}.
 * Failures handled by the application's own {@code @ExceptionHandler}s never get here; those
 * answered here no longer reach its {@code WebExceptionHandler}s.
 *
 * @since 0.1.0
 */
public final class SessionWebFilter implements WebFilter, Ordered {

	/**
	 * Default order: after Spring Security's filter chain ({@code -100}), so requests it
	 * rejects never reach the sessions, and before ordinary filters ({@code 0}).
	 */
	public static final int DEFAULT_ORDER = -50;

	private static final Log logger = LogFactory.getLog(SessionWebFilter.class);

	/**
	 * Default wait a {@code 503} asks its client for, in its {@code Retry-After} header.
	 */
	public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(5);

	private static final ResolvableType PROBLEM_DETAIL = ResolvableType.forClass(ProblemDetail.class);

	private final Binds binds;

	private final List<FilterBind> filterBinds = new ArrayList<>();

	// The binds of every request when none has paths: one list, not one per request.
	private final @Nullable List<Bind> everyRequest;

	private final boolean commitOnSuccess;

	// Whether a bind has read replicas, whose read-your-writes window responses start.
	private final boolean replicas;

	private final int order;

	// WebFlux's filter chain calls toString() on every request, for its checkpoint.
	private final String description;

	// Writes problem details; without one, failures go on as ResponseStatusExceptions.
	private final @Nullable HttpMessageWriter<Object> problemWriter;

	private final Duration retryAfter;

	/**
	 * Create a filter for the binds of the given registry, at {@link #DEFAULT_ORDER}.
	 * @param binds the binds
	 */
	public SessionWebFilter(Binds binds) {
		this(binds, DEFAULT_ORDER);
	}

	/**
	 * Create a filter for the binds of the given registry.
	 * @param binds the binds
	 * @param order the filter order
	 */
	public SessionWebFilter(Binds binds, int order) {
		this(binds, order, null, DEFAULT_RETRY_AFTER);
	}

	/**
	 * Create a filter for the binds of the given registry, writing the problem details of
	 * the failures it answers with the application's codecs.
	 * @param binds the binds
	 * @param order the filter order
	 * @param codecs the application's codecs, or {@code null} to let the failures go on as
	 * {@code ResponseStatusException}s for the application's error handler
	 * @param retryAfter the wait a {@code 503} asks its client for
	 */
	public SessionWebFilter(Binds binds, int order, @Nullable ServerCodecConfigurer codecs, Duration retryAfter) {
		this.binds = binds;
		this.order = order;
		this.problemWriter = (codecs != null) ? problemWriter(codecs.getWriters()) : null;
		this.retryAfter = retryAfter;
		boolean commitOnSuccess = false;
		boolean replicas = false;
		for (Bind bind : binds) {
			replicas |= !bind.replicas().isEmpty();
			if (bind.isMiddleware()) {
				this.filterBinds.add(new FilterBind(bind, parse(bind.paths()), parse(bind.excludePaths())));
			}
			commitOnSuccess |= bind.isCommitOnSuccess();
		}
		this.commitOnSuccess = commitOnSuccess;
		this.replicas = replicas;
		this.everyRequest = this.filterBinds.stream().allMatch(FilterBind::allPaths)
				? this.filterBinds.stream().map(FilterBind::bind).toList() : null;
		this.description = "SessionWebFilter"
				+ this.filterBinds.stream().map((filterBind) -> filterBind.bind().key()).toList();
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		SessionScope scope = SessionScope.forRequest(this.binds, exchange, matching(exchange));
		exchange.getAttributes().put(SessionScope.ATTRIBUTE, scope);
		if (this.commitOnSuccess) {
			exchange.getResponse()
				.beforeCommit(() -> scope.completeBeforeResponse(exchange.getResponse().getStatusCode()));
		}
		if (this.replicas) {
			// After the commit above, whose write starts the window too: Spring asks every
			// action for its Mono at once, so the work is deferred to the subscription.
			exchange.getResponse().beforeCommit(() -> Mono.fromRunnable(scope::startReadYourWrites));
		}
		return Mono.usingWhen(Mono.just(scope),
				(current) -> handle(exchange, chain).contextWrite((context) -> context.put(SessionScope.class, current)),
				SessionScope::close, (current, error) -> current.close(), SessionScope::close)
			.onErrorResume((failure) -> answer(exchange, failure));
	}

	/**
	 * Run the chain. With commit-on-success binds, complete a response the chain left
	 * uncommitted (a handler without body: WebFlux would complete it after the filters),
	 * so that its commit runs while the sessions are open, and a failed commit is answered
	 * as an error instead of a 2xx with the work rolled back.
	 */
	private Mono<Void> handle(ServerWebExchange exchange, WebFilterChain chain) {
		if (!this.commitOnSuccess) {
			return chain.filter(exchange);
		}
		return chain.filter(exchange).then(Mono.defer(() -> exchange.getResponse().isCommitted() ? Mono.empty()
				: exchange.getResponse().setComplete()));
	}

	/**
	 * Answer a failure that comes from the database with the status it means (a 503 tells
	 * a client or load balancer to retry later, where a 500 would report a bug); others go
	 * on unchanged. Not a {@code WebExceptionHandler}: Spring's
	 * {@code ExceptionHandlingWebHandler} adds two operators per handler to every request,
	 * more than this one.
	 */
	private Mono<Void> answer(ServerWebExchange exchange, Throwable failure) {
		ResponseStatusException answer;
		try {
			answer = FailureResponses.answer(failure, this.retryAfter, exchange.getRequest());
		}
		catch (RuntimeException ex) {
			// Never hide the failure behind one of answering it.
			failure.addSuppressed(ex);
			return Mono.error(failure);
		}
		if (answer == null) {
			return Mono.error(failure);
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Answering %s for %s".formatted(answer.getStatusCode(), exchange.getRequest().getPath()),
					failure);
		}
		ServerHttpResponse response = exchange.getResponse();
		if (this.problemWriter == null || response.isCommitted()) {
			return Mono.error(answer);
		}
		ProblemDetail body = answer.getBody();
		body.setInstance(URI.create(exchange.getRequest().getPath().value()));
		response.setStatusCode(answer.getStatusCode());
		response.getHeaders().putAll(answer.getHeaders());
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		return this.problemWriter.write(Mono.just(body), PROBLEM_DETAIL, MediaType.APPLICATION_PROBLEM_JSON, response,
				Map.of());
	}

	@SuppressWarnings("unchecked")
	private static @Nullable HttpMessageWriter<Object> problemWriter(List<HttpMessageWriter<?>> writers) {
		for (HttpMessageWriter<?> writer : writers) {
			if (writer.canWrite(PROBLEM_DETAIL, MediaType.APPLICATION_PROBLEM_JSON)) {
				return (HttpMessageWriter<Object>) writer;
			}
		}
		return null;
	}

	@Override
	public int getOrder() {
		return this.order;
	}

	@Override
	public String toString() {
		return this.description;
	}

	private List<Bind> matching(ServerWebExchange exchange) {
		if (this.everyRequest != null) {
			return this.everyRequest;
		}
		List<Bind> matching = new ArrayList<>(this.filterBinds.size());
		PathContainer path = null;
		for (FilterBind filterBind : this.filterBinds) {
			if (filterBind.allPaths()) {
				matching.add(filterBind.bind());
				continue;
			}
			if (path == null) {
				path = exchange.getRequest().getPath().pathWithinApplication();
			}
			if (filterBind.matches(path)) {
				matching.add(filterBind.bind());
			}
		}
		return matching;
	}

	private static List<PathPattern> parse(List<String> patterns) {
		return patterns.stream().map(PathPatternParser.defaultInstance::parse).toList();
	}

	private record FilterBind(Bind bind, List<PathPattern> paths, List<PathPattern> excludePaths) {

		boolean allPaths() {
			return this.paths.isEmpty() && this.excludePaths.isEmpty();
		}

		boolean matches(PathContainer path) {
			boolean included = this.paths.isEmpty() || this.paths.stream().anyMatch((pattern) -> pattern.matches(path));
			return included && this.excludePaths.stream().noneMatch((pattern) -> pattern.matches(path));
		}

	}

}
