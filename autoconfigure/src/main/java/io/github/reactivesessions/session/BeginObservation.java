package io.github.reactivesessions.session;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * Wraps a {@code begin} block in a Micrometer {@link Observation} named
 * {@value #NAME}, child of the caller's observation (a request's, for example) and parent
 * of what runs inside the block, tagged with the bind key and the outcome
 * ({@code commit}, {@code rollback} or {@code cancel}).
 */
final class BeginObservation {

	static final String NAME = "sa.session.begin";

	private BeginObservation() {
	}

	static <T> Mono<T> observe(Mono<T> block, ObservationRegistry registry, String key) {
		if (registry.isNoop()) {
			return block;
		}
		return Mono.deferContextual((context) -> {
			Observation observation = start(registry, key, parent(context));
			// Stopped before the outcome reaches the subscriber, so that whoever reacts to it
			// sees the observation ended.
			return block.doOnSuccess((value) -> stop(observation, "commit"))
				.doOnError((error) -> stop(observation.error(error), "rollback"))
				.doOnCancel(() -> stop(observation, "cancel"))
				.contextWrite((inner) -> inner.put(ObservationThreadLocalAccessor.KEY, observation));
		});
	}

	static <T> Flux<T> observeMany(Flux<T> block, ObservationRegistry registry, String key) {
		if (registry.isNoop()) {
			return block;
		}
		return Flux.deferContextual((context) -> {
			Observation observation = start(registry, key, parent(context));
			return block.doOnComplete(() -> stop(observation, "commit"))
				.doOnError((error) -> stop(observation.error(error), "rollback"))
				.doOnCancel(() -> stop(observation, "cancel"))
				.contextWrite((inner) -> inner.put(ObservationThreadLocalAccessor.KEY, observation));
		});
	}

	private static @Nullable Observation parent(ContextView context) {
		Object parent = context.getOrDefault(ObservationThreadLocalAccessor.KEY, null);
		return (parent instanceof Observation observation) ? observation : null;
	}

	private static Observation start(ObservationRegistry registry, String key, @Nullable Observation parent) {
		return Observation.createNotStarted(NAME, registry)
			.contextualName("begin " + key)
			.lowCardinalityKeyValue("sa.key", key)
			.parentObservation(parent)
			.start();
	}

	private static void stop(Observation observation, String outcome) {
		observation.lowCardinalityKeyValue("outcome", outcome).stop();
	}

}
