package io.github.reactivesessions.autoconfigure.health;

import io.github.reactivesessions.bind.Bind;
import io.github.reactivesessions.bind.ReplicaState;
import reactor.core.publisher.Mono;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Health of one read replica of a bind: UP while sessions read on it, {@code SKIPPED}
 * with the reason (its lag, or why it cannot be reached) otherwise. The check is the one
 * that decides whether the replica is used, run now.
 *
 * <p>{@code SKIPPED} is not one of Spring Boot's statuses: its default aggregation ignores
 * it, so the bind stays UP while its primary is (reads go elsewhere). An application that
 * wants a skipped replica to count adds it to
 * {@code management.endpoint.health.status.order}.
 */
final class ReplicaHealthIndicator implements ReactiveHealthIndicator {

	/**
	 * The status of a replica sessions do not read on.
	 */
	static final Status SKIPPED = new Status("SKIPPED");

	private final Bind bind;

	private final String name;

	ReplicaHealthIndicator(Bind bind, String name) {
		this.bind = bind;
		this.name = name;
	}

	@Override
	public Mono<Health> health() {
		return this.bind.replicas().check(this.name).map(this::health);
	}

	private Health health(ReplicaState state) {
		Health.Builder builder = state.isInUse() ? Health.up() : Health.status(SKIPPED);
		builder.withDetail("replica", this.name).withDetail("state", state.status().name());
		if (state.lag() != null) {
			builder.withDetail("lag", state.lag().toString());
		}
		if (state.reason() != null) {
			builder.withDetail("reason", state.reason());
		}
		return builder.withDetail("max-lag", this.bind.replicas().maxLag().toString()).build();
	}

}
