package io.github.reactivesessions.benchmarks.contention;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import io.github.reactivesessions.session.TransactionRetry;
import reactor.core.publisher.Mono;

import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Counts the requests whose handling failed, by the exception that reached the web layer
 * and its transient cause: the load generator sees only a status, and the application
 * does not log each failure (see {@link ContentionApplication#main}). Being a filter, it
 * sees the exception before Spring Boot's error handler turns it into a status, which it
 * leaves as it is.
 */
final class FailedRequests implements WebFilter {

	private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		return chain.filter(exchange)
			.doOnError((ex) -> this.failures.computeIfAbsent(describe(ex), (kind) -> new LongAdder()).increment());
	}

	/**
	 * Return the failures so far, by exception.
	 * @return counts by description, such as
	 * {@code PessimisticLockingFailureException (deadlock)}
	 */
	Map<String, Long> counts() {
		Map<String, Long> counts = new TreeMap<>();
		this.failures.forEach((kind, count) -> counts.put(kind, count.sum()));
		return counts;
	}

	private static String describe(Throwable ex) {
		TransactionRetry.Cause cause = TransactionRetry.Cause.of(ex);
		return ex.getClass().getSimpleName() + ((cause != null) ? " (" + cause.tag() + ")" : "");
	}

}
