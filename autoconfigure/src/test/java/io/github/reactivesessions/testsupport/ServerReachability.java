package io.github.reactivesessions.testsupport;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactoryOptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Tells whether a {@link DatabaseServer} answers, trying one connection the first time it is
 * asked and remembering the answer for the rest of the JVM, so that a missing server costs
 * one timeout per run rather than per test class. The timeout is generous: on a loaded
 * machine a slow first connection must not be taken for a missing server, which under
 * {@code CI=true} fails the build.
 */
final class ServerReachability {

	static final Duration TIMEOUT = Duration.ofSeconds(15);

	private static final Map<String, Optional<String>> problems = new ConcurrentHashMap<>();

	private ServerReachability() {
	}

	/**
	 * Why the server at the given url cannot be used, or empty when it answered.
	 */
	static Optional<String> problem(DatabaseServer server, String url) {
		return problems.computeIfAbsent(server + " " + url, (key) -> probe(server, url));
	}

	private static Optional<String> probe(DatabaseServer server, String url) {
		try {
			ConnectionFactoryOptions options = ConnectionFactoryOptions.parse(url)
				.mutate()
				.option(ConnectionFactoryOptions.CONNECT_TIMEOUT, TIMEOUT)
				.build();
			Mono.usingWhen(Mono.from(ConnectionFactories.get(options).create()),
					(connection) -> Flux.from(connection.createStatement("SELECT 1").execute())
						.concatMap((result) -> result.map((row, metadata) -> row.get(0)))
						.then(),
					Connection::close)
				.timeout(TIMEOUT)
				.block();
			return Optional.empty();
		}
		catch (RuntimeException ex) {
			String problem = "%s is not reachable at %s (%s; set %s to use another server)".formatted(
					server.displayName(), R2dbcUrls.masked(url), describe(ex), server.environmentVariable());
			// Build tools report a skipped class without its reason: say it once on the console.
			System.err.println("[reactive-sessions tests] " + problem);
			return Optional.of(problem);
		}
	}

	private static String describe(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		String message = cause.getMessage();
		return cause.getClass().getSimpleName() + ((message != null) ? ": " + message : "");
	}

}
