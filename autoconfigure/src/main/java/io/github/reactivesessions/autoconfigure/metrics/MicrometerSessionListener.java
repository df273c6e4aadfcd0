package io.github.reactivesessions.autoconfigure.metrics;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.reactivesessions.session.SessionListener;
import io.github.reactivesessions.session.TransactionRetry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Counts the sessions of one bind and times how long they hold connections. Meters are
 * registered once, when the bind is built, so that recording allocates nothing. Each
 * carries the tags {@code key} and {@code role}: {@code primary}, or {@code replica} for
 * the transactions sessions run on the bind's read replicas (their sessions are counted
 * as opened on the primary).
 */
final class MicrometerSessionListener implements SessionListener {

	static final String OPENED = "sa.sessions.opened";

	static final String ACQUIRED = "sa.sessions.connections.acquired";

	static final String COMMITS = "sa.sessions.commits";

	static final String ROLLBACKS = "sa.sessions.rollbacks";

	static final String HELD = "sa.sessions.connections.held";

	static final String BEGIN_ATTEMPTS = "sa.sessions.begin.attempts";

	static final String BEGIN_RETRIES = "sa.sessions.begin.retries";

	static final String BEGIN_EXHAUSTED = "sa.sessions.begin.retries.exhausted";

	private final Counter opened;

	private final Counter acquired;

	private final Counter commits;

	private final Map<RollbackCause, Counter> rollbacks = new EnumMap<>(RollbackCause.class);

	private final Timer held;

	private final Counter beginAttempts;

	private final Map<TransactionRetry.Cause, Counter> beginRetries = new EnumMap<>(TransactionRetry.Cause.class);

	private final Map<TransactionRetry.Cause, Counter> beginExhausted = new EnumMap<>(TransactionRetry.Cause.class);

	private final String key;

	private final MeterRegistry registry;

	MicrometerSessionListener(String key, MeterRegistry registry) {
		this(key, registry, "primary");
	}

	/**
	 * A listener whose meters carry the given {@code role} tag: {@code primary}, or
	 * {@code replica} for the transactions sessions run on read replicas.
	 */
	private MicrometerSessionListener(String key, MeterRegistry registry, String role) {
		this.key = key;
		this.registry = registry;
		this.opened = Counter.builder(OPENED)
			.description("Sessions opened")
			.tag("key", key)
			.tag("role", role)
			.register(registry);
		this.acquired = Counter.builder(ACQUIRED)
			.description("Connections sessions took from the bind, one per transaction")
			.tag("key", key)
			.tag("role", role)
			.register(registry);
		this.commits = Counter.builder(COMMITS)
			.description("Transactions of sessions that committed")
			.tag("key", key)
			.tag("role", role)
			.register(registry);
		for (RollbackCause cause : RollbackCause.values()) {
			this.rollbacks.put(cause, Counter.builder(ROLLBACKS)
				.description("Transactions of sessions rolled back (or whose commit failed), by cause")
				.tag("key", key)
				.tag("role", role)
				.tag("cause", cause.name().toLowerCase(Locale.ROOT))
				.register(registry));
		}
		this.held = Timer.builder(HELD)
			.description("How long sessions held a connection, from begin to commit or rollback")
			.tag("key", key)
			.tag("role", role)
			.register(registry);
		this.beginAttempts = Counter.builder(BEGIN_ATTEMPTS)
			.description("Attempts of begin blocks that retry, the first of each included")
			.tag("key", key)
			.tag("role", role)
			.register(registry);
		for (TransactionRetry.Cause cause : TransactionRetry.Cause.values()) {
			this.beginRetries.put(cause, Counter.builder(BEGIN_RETRIES)
				.description("Attempts of begin blocks that failed for a transient cause and were run again")
				.tag("key", key)
				.tag("role", role)
				.tag("cause", cause.tag())
				.register(registry));
			this.beginExhausted.put(cause, Counter.builder(BEGIN_EXHAUSTED)
				.description("Begin blocks that gave up, by the cause of their last attempt's failure")
				.tag("key", key)
				.tag("role", role)
				.tag("cause", cause.tag())
				.register(registry));
		}
	}

	@Override
	public SessionListener forReplicas() {
		return new MicrometerSessionListener(this.key, this.registry, "replica");
	}

	@Override
	public void sessionOpened(String key) {
		this.opened.increment();
	}

	@Override
	public void connectionAcquired(String key) {
		this.acquired.increment();
	}

	@Override
	public void committed(String key) {
		this.commits.increment();
	}

	@Override
	public void rolledBack(String key, RollbackCause cause) {
		this.rollbacks.get(cause).increment();
	}

	@Override
	public void connectionReleased(String key, long heldNanos) {
		this.held.record(heldNanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public void beginAttempted(String key) {
		this.beginAttempts.increment();
	}

	@Override
	public void beginRetried(String key, TransactionRetry.Cause cause) {
		this.beginRetries.get(cause).increment();
	}

	@Override
	public void beginRetriesExhausted(String key, TransactionRetry.Cause cause) {
		this.beginExhausted.get(cause).increment();
	}

}
