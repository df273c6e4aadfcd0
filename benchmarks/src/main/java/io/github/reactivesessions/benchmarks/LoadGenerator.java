package io.github.reactivesessions.benchmarks;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongFunction;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * Drives one application with a scenario's requests (or those of a route) in a closed loop: a fixed number of
 * keep-alive connections, each sending its next request as soon as the previous response
 * has been read. Non-2xx responses and errors count as failures.
 */
final class LoadGenerator implements AutoCloseable {

	private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(30);

	private final String name;

	private final LongFunction<Scenario.Request> requests;

	private final int concurrency;

	private final ConnectionProvider connections;

	private final HttpClient client;

	private final HttpClient jsonClient;

	private final AtomicLong sequence = new AtomicLong();

	private final Map<String, LongAdder> failureKinds = new ConcurrentHashMap<>();

	LoadGenerator(Scenario scenario, int port, int concurrency, LoopResources loops) {
		this(scenario.toString(), scenario::request, "http://127.0.0.1:" + port, concurrency, loops);
	}

	/**
	 * Create a load generator for any sequence of requests.
	 * @param name what the requests are, for messages
	 * @param requests the n-th request, from 0
	 * @param baseUrl the application's url, such as {@code http://127.0.0.1:8080}
	 */
	LoadGenerator(String name, LongFunction<Scenario.Request> requests, String baseUrl, int concurrency,
			LoopResources loops) {
		this.name = name;
		this.requests = requests;
		this.concurrency = concurrency;
		this.connections = ConnectionProvider.builder("bench-" + name + "@" + baseUrl)
			.maxConnections(concurrency)
			.pendingAcquireMaxCount(-1)
			.build();
		this.client = HttpClient.create(this.connections)
			.runOn(loops)
			.baseUrl(baseUrl)
			.responseTimeout(RESPONSE_TIMEOUT);
		this.jsonClient = this.client
			.headers((headers) -> headers.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON));
	}

	/**
	 * Send the scenario's first request once and return the response body.
	 * @throws IllegalStateException when the status is not 2xx
	 */
	String sample() {
		Scenario.Request request = this.requests.apply(0);
		Response response = send(request).block(RESPONSE_TIMEOUT);
		if (response == null || !response.successful()) {
			throw new IllegalStateException("The first request of %s (%s %s) failed: %s".formatted(this.name,
					request.method(), request.path(), response));
		}
		return response.body();
	}

	/**
	 * Run a round: keep every connection busy until the duration is over, then wait for
	 * the requests in flight.
	 */
	RoundResult run(Duration duration) {
		List<LatencyLog> logs = new ArrayList<>(this.concurrency);
		for (int i = 0; i < this.concurrency; i++) {
			logs.add(new LatencyLog());
		}
		long cpuStart = processCpuTime();
		long allocatedStart = allocatedBytes();
		long start = System.nanoTime();
		long deadline = start + duration.toNanos();
		Flux.fromIterable(logs)
			.flatMap((log) -> loop(deadline, log), this.concurrency)
			.then()
			.block(duration.plus(RESPONSE_TIMEOUT).plus(RESPONSE_TIMEOUT));
		long elapsed = System.nanoTime() - start;
		return RoundResult.of(logs, elapsed, processCpuTime() - cpuStart, allocatedBytes() - allocatedStart);
	}

	private Mono<Void> loop(long deadline, LatencyLog log) {
		return Mono.defer(() -> {
			Scenario.Request request = this.requests.apply(this.sequence.getAndIncrement());
			long started = System.nanoTime();
			return send(request).doOnNext((response) -> {
				if (response.successful()) {
					log.success(System.nanoTime() - started);
				}
				else {
					log.failure("%s %s: HTTP %d %s".formatted(request.method(), request.path(), response.status(),
							response.body()));
					countFailure("HTTP " + response.status());
				}
			}).onErrorResume((ex) -> {
				log.failure("%s %s: %s".formatted(request.method(), request.path(), ex));
				countFailure(ex.getClass().getSimpleName());
				return Mono.empty();
			});
		}).repeat(() -> System.nanoTime() < deadline).then();
	}

	private void countFailure(String kind) {
		this.failureKinds.computeIfAbsent(kind, (key) -> new LongAdder()).increment();
	}

	/**
	 * Return the failed requests of every round so far by kind: the status, such as
	 * {@code HTTP 500}, or the class of the error, such as {@code PrematureCloseException}.
	 * The rounds' results count failures without telling them apart.
	 */
	Map<String, Long> failureKinds() {
		Map<String, Long> kinds = new TreeMap<>();
		this.failureKinds.forEach((kind, count) -> kinds.put(kind, count.sum()));
		return kinds;
	}

	private Mono<Response> send(Scenario.Request request) {
		HttpClient.ResponseReceiver<?> receiver = request.body().isEmpty()
				? this.client.request(request.method()).uri(request.path())
				: this.jsonClient.request(request.method())
					.uri(request.path())
					.send(ByteBufFlux.fromString(Mono.just(request.body())));
		return receiver.responseSingle((response, body) -> body.asString()
			.defaultIfEmpty("")
			.map((text) -> new Response(response.status().code(), text)));
	}

	/**
	 * Bytes allocated so far by the threads alive now (those of both applications, the
	 * pools and the load generator live as long as the round).
	 */
	private static long allocatedBytes() {
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		long total = 0;
		for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
			total += Math.max(bytes, 0);
		}
		return total;
	}

	private static long processCpuTime() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}

	@Override
	public void close() {
		this.connections.disposeLater().block(RESPONSE_TIMEOUT);
	}

	private record Response(int status, String body) {

		boolean successful() {
			return this.status >= 200 && this.status < 300;
		}

	}

}
