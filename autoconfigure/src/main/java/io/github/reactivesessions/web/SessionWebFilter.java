package io.github.reactivesessions.web;

import java.util.ArrayList;
import java.util.List;

import io.github.reactivesessions.bind.Bind;
import io.github.reactivesessions.bind.Binds;
import io.github.reactivesessions.session.ConnectionUnavailableException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Opens, for each request, a session of every bind with {@code middleware=true} whose paths
 * match: the seed's {@code sa_middleware}.
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
 * <p>A request whose session gets no connection (an exhausted pool, an unreachable
 * database: {@link ConnectionUnavailableException}) fails with 503 Service Unavailable
 * rather than 500: nothing was written, and a retry may succeed.
 *
 * @author reactive-sessions
 * @since 0.1.0
 */
public final class SessionWebFilter implements WebFilter, Ordered {

	/**
	 * Default order: after Spring Security's filter chain ({@code -100}), so requests it
	 * rejects never reach the sessions, and before ordinary filters ({@code 0}).
	 */
	public static final int DEFAULT_ORDER = -50;

	private final Binds binds;

	private final List<FilterBind> filterBinds = new ArrayList<>();

	// The binds of every request when none has paths: one list, not one per request.
	private final @Nullable List<Bind> everyRequest;

	private final boolean commitOnSuccess;

	private final int order;

	// WebFlux's filter chain calls toString() on every request, for its checkpoint.
	private final String description;

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
		this.binds = binds;
		this.order = order;
		boolean commitOnSuccess = false;
		for (Bind bind : binds) {
			if (bind.isMiddleware()) {
				this.filterBinds.add(new FilterBind(bind, parse(bind.paths()), parse(bind.excludePaths())));
			}
			commitOnSuccess |= bind.isCommitOnSuccess();
		}
		this.commitOnSuccess = commitOnSuccess;
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
		return Mono.usingWhen(Mono.just(scope),
				(current) -> chain.filter(exchange).contextWrite((context) -> context.put(SessionScope.class, current)),
				SessionScope::close, (current, error) -> current.close(), SessionScope::close)
			.onErrorMap(SessionWebFilter::serviceUnavailable);
	}

	/**
	 * A 503 tells a client or load balancer to retry later, where a 500 would report a bug.
	 * Other errors pass unchanged (one mapping function for every request, where a
	 * type-filtered {@code onErrorMap} allocates its predicate each time). Not a
	 * {@code WebExceptionHandler}: Spring's {@code ExceptionHandlingWebHandler} adds two
	 * operators per handler to every request, more than this one.
	 */
	private static Throwable serviceUnavailable(Throwable ex) {
		if (ex instanceof ConnectionUnavailableException unavailable) {
			return new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, unavailable.getMessage(), unavailable);
		}
		return ex;
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
