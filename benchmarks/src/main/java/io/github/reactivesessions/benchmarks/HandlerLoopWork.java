package io.github.reactivesessions.benchmarks;

import java.time.Duration;
import java.util.function.IntConsumer;

import io.github.reactivesessions.benchmarks.app.RunningApplication;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;

/**
 * One side's requests in the session loop's {@code web} mode: the scenario's requests of the
 * HTTP benchmark, handled by the application's own WebFlux {@link HttpHandler} (its filters,
 * handler mapping, argument resolution, JSON codecs and database work) on mock requests and
 * responses, without a server or a network.
 *
 * <p>Created by reflection in the side's class loader (see {@link LoopWork}), it talks to the
 * loop through JDK types only.
 */
public final class HandlerLoopWork implements IntConsumer {

	private final Scenario scenario;

	private final HttpHandler handler;

	private final int inFlight;

	/**
	 * Create a side's requests.
	 * @param application the side's {@link RunningApplication}
	 * @param scenario the scenario's name ({@code S1} to {@code S4})
	 * @param inFlight requests at once
	 */
	public HandlerLoopWork(Object application, String scenario, int inFlight) {
		this.scenario = Scenario.parse(scenario);
		this.handler = ((RunningApplication) application).bean(HttpHandler.class);
		this.inFlight = inFlight;
	}

	/**
	 * Handle the given number of requests, waiting for them to end.
	 * @throws IllegalStateException when a request is not answered with a 2xx status
	 */
	@Override
	public void accept(int operations) {
		LoopWork.run(this::handle, operations, this.inFlight);
	}

	private Mono<Void> handle(long n) {
		Scenario.Request request = this.scenario.request(n);
		HttpMethod method = HttpMethod.valueOf(request.method().name());
		MockServerHttpRequest mock = request.body().isEmpty() ? MockServerHttpRequest.method(method, request.path()).build()
				: MockServerHttpRequest.method(method, request.path())
					.contentType(MediaType.APPLICATION_JSON)
					.body(request.body());
		MockServerHttpResponse response = new MockServerHttpResponse();
		return this.handler.handle(mock, response).then(Mono.fromRunnable(() -> {
			HttpStatusCode status = response.getStatusCode();
			if (status != null && !status.is2xxSuccessful()) {
				throw new IllegalStateException(request.method() + " " + request.path() + " answered " + status
						+ ": " + response.getBodyAsString().block(Duration.ofSeconds(10)));
			}
		}));
	}

}
