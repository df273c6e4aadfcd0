package io.github.reactivesessions.bind;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What a connection was asked to send and has not had answered yet: a publisher counts from
 * its subscription until it completes or fails. One that was cancelled counts until
 * {@link #forget()}, since the driver may still be waiting for its answer.
 *
 * <p>Used to tell when the state a driver keeps from the server's answers (whether a
 * transaction is open) is current: a {@code BEGIN} on the wire is not in it yet.
 */
final class RequestsInFlight {

	// Replaced by forget(): requests of a generation that was forgotten no longer count.
	private volatile Generation generation = new Generation();

	/**
	 * A publisher of at most one value that counts while it runs.
	 */
	<T> Mono<T> mono(Publisher<T> publisher) {
		return Mono.defer(() -> {
			Request request = start();
			// doOnTerminate runs before the subscriber hears of the end, so that a release
			// the subscriber chains to it already sees the request answered.
			return Mono.from(publisher).doOnTerminate(request::answered).doOnCancel(request::cancelled);
		});
	}

	/**
	 * A publisher of any number of values that counts while it runs.
	 */
	<T> Flux<T> flux(Publisher<T> publisher) {
		return Flux.defer(() -> {
			Request request = start();
			return Flux.from(publisher).doOnTerminate(request::answered).doOnCancel(request::cancelled);
		});
	}

	/**
	 * Count a request until {@link Request#answered()} or {@link Request#cancelled()}.
	 */
	Request start() {
		return this.generation.start();
	}

	/**
	 * Whether nothing is in flight: every request was answered and none was cancelled.
	 */
	boolean isEmpty() {
		return this.generation.isEmpty();
	}

	/**
	 * Stop counting the requests started so far; for a caller that knows they were all
	 * answered.
	 */
	void forget() {
		this.generation = new Generation();
	}

	/**
	 * Requests started since the last {@link #forget()}.
	 */
	private static final class Generation {

		private final AtomicInteger running = new AtomicInteger();

		private volatile boolean cancelled;

		Request start() {
			this.running.incrementAndGet();
			return new Request(this);
		}

		boolean isEmpty() {
			return this.running.get() == 0 && !this.cancelled;
		}

	}

	/**
	 * One request; ends once, whichever of its end signals comes first.
	 */
	static final class Request {

		private final Generation generation;

		private final AtomicBoolean ended = new AtomicBoolean();

		private Request(Generation generation) {
			this.generation = generation;
		}

		void answered() {
			if (this.ended.compareAndSet(false, true)) {
				this.generation.running.decrementAndGet();
			}
		}

		void cancelled() {
			if (this.ended.compareAndSet(false, true)) {
				this.generation.cancelled = true;
				this.generation.running.decrementAndGet();
			}
		}

	}

}
