package io.github.reactivesessions.bind;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.reactivesessions.session.ReactiveSession;
import io.github.reactivesessions.session.ReactiveSessionFactory;
import io.github.reactivesessions.session.Replica;
import io.github.reactivesessions.session.ReplicaReads;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ValidationDepth;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The read replicas of a bind, and which of them its sessions may read on now.
 *
 * <p>Every {@code check-interval} (from the first session that asks for a replica on), each
 * replica is checked: on PostgreSQL it is asked how far its replay is behind the WAL it
 * has received ({@code now() - pg_last_xact_replay_timestamp()} while the two differ), on
 * MySQL and MariaDB {@code SHOW REPLICA STATUS}, elsewhere its connection is only
 * validated. A replica that lags more than {@code max-lag}, or cannot be reached, is
 * skipped, with one WARN line naming it, until a check finds it back (one INFO line). A
 * session whose connection to a replica fails marks it skipped at once and reads on the
 * primary. Sessions take the replicas in use in turn; with none in use they read on the
 * primary.
 *
 * @since 0.4.0
 */
public final class Replicas implements ReplicaReads, AutoCloseable {

	private static final Log logger = LogFactory.getLog(Replicas.class);

	static final Replicas NONE = new Replicas("", List.of(), Duration.ZERO, Duration.ZERO, null);

	private final String key;

	private final List<Member> members;

	private final Duration maxLag;

	private final Duration checkInterval;

	private final @Nullable ReactiveSessionFactory sessionFactory;

	private final AtomicInteger next = new AtomicInteger();

	private final AtomicBoolean started = new AtomicBoolean();

	private volatile @Nullable Disposable checks;

	private volatile boolean closed;

	Replicas(String key, List<Replica> replicas, Duration maxLag, Duration checkInterval,
			@Nullable ReactiveSessionFactory sessionFactory) {
		this.key = key;
		this.members = replicas.stream().map(Member::new).toList();
		this.maxLag = maxLag;
		this.checkInterval = checkInterval;
		this.sessionFactory = sessionFactory;
	}

	/**
	 * Return whether the bind has no replica.
	 * @return whether there is none
	 */
	public boolean isEmpty() {
		return this.members.isEmpty();
	}

	/**
	 * Return the replicas, in the order they were configured.
	 * @return the replicas
	 */
	public List<Replica> replicas() {
		return this.members.stream().map(Member::replica).toList();
	}

	/**
	 * Return the lag beyond which a replica is skipped.
	 * @return the maximum lag
	 */
	public Duration maxLag() {
		return this.maxLag;
	}

	/**
	 * Return the state the last check (or session) found a replica in.
	 * @param name the replica's name
	 * @return its state
	 * @throws IllegalArgumentException when the bind has no replica of that name
	 */
	public ReplicaState state(String name) {
		return member(name).state;
	}

	/**
	 * Return a replica in use, taking them in turn, or {@code null} when none is (the
	 * session reads on the primary). Starts the periodic checks.
	 * @return a replica, or {@code null}
	 */
	@Override
	public @Nullable Replica replica() {
		if (this.members.isEmpty()) {
			return null;
		}
		startChecks();
		int size = this.members.size();
		int first = Math.floorMod(this.next.getAndIncrement(), size);
		for (int i = 0; i < size; i++) {
			Member member = this.members.get((first + i) % size);
			if (member.state.isInUse()) {
				return member.replica;
			}
		}
		return null;
	}

	@Override
	public void unavailable(Replica replica, Throwable failure) {
		member(replica.name()).update(ReplicaState.unreachable(failure));
	}

	/**
	 * Open a session of the bind that reads on a replica in use (or the primary when none
	 * is) and writes on the primary, as the sessions of a GET request do: for work outside
	 * requests.
	 * @return a new session, to be closed by the caller
	 * @throws IllegalStateException when the bind has no replica
	 */
	public ReactiveSession openSession() {
		if (this.sessionFactory == null || this.members.isEmpty()) {
			throw new IllegalStateException("Bind '%s' has no replica".formatted(this.key));
		}
		return this.sessionFactory.openSession(this);
	}

	/**
	 * Check every replica now, updating which are in use.
	 * @return completes when every replica has been checked
	 */
	public Mono<Void> check() {
		return Flux.fromIterable(this.members).flatMap(this::check).then();
	}

	/**
	 * Check one replica now.
	 * @param name the replica's name
	 * @return the state it was found in
	 */
	public Mono<ReplicaState> check(String name) {
		return check(member(name));
	}

	private Mono<ReplicaState> check(Member member) {
		ConnectionFactory connectionFactory = member.replica.connectionFactory();
		Duration timeout = this.checkInterval.isZero() ? Duration.ofSeconds(5) : this.checkInterval;
		return Mono.usingWhen(connectionFactory.create(), (connection) -> lag(connection, connectionFactory),
				Connection::close, (connection, ex) -> connection.close(), Connection::close)
			.timeout(timeout)
			.map((lag) -> (lag.compareTo(this.maxLag) > 0) ? ReplicaState.lagging(lag, this.maxLag)
					: ReplicaState.inUse(lag))
			.onErrorResume((ex) -> Mono.just(ReplicaState.unreachable(ex)))
			.doOnNext(member::update);
	}

	/**
	 * How far the replica's replay is behind: {@link Duration#ZERO} when the database cannot
	 * say (after validating the connection).
	 */
	private static Mono<Duration> lag(Connection connection, ConnectionFactory connectionFactory) {
		String database = connectionFactory.getMetadata().getName().toLowerCase(Locale.ROOT);
		if (database.contains("postgres")) {
			return Mono.from(connection.createStatement(ReplicaLag.POSTGRESQL).execute())
				.flatMap((result) -> Mono.from(result.map((row, metadata) -> ReplicaLag.seconds(row.get(0)))))
				.map(ReplicaLag::duration);
		}
		if (database.contains("mysql") || database.contains("mariadb")) {
			return Flux.from(connection.createStatement(ReplicaLag.MYSQL).execute())
				.flatMap((result) -> result.map(ReplicaLag::mysqlSeconds))
				.next()
				.map(ReplicaLag::duration)
				.defaultIfEmpty(Duration.ZERO);
		}
		return Mono.from(connection.validate(ValidationDepth.REMOTE))
			.flatMap((valid) -> valid ? Mono.just(Duration.ZERO)
					: Mono.error(new IllegalStateException("its connection failed validation")));
	}

	private void startChecks() {
		if (this.closed || this.checkInterval.isZero() || !this.started.compareAndSet(false, true)) {
			return;
		}
		Disposable checks = Flux.interval(this.checkInterval, this.checkInterval)
			.onBackpressureDrop()
			.concatMap((tick) -> check().onErrorResume((ex) -> {
				logger.warn("Bind '%s': a check of its replicas failed".formatted(this.key), ex);
				return Mono.empty();
			}), 1)
			.subscribe();
		this.checks = checks;
		if (this.closed) {
			// Closed while the checks started.
			checks.dispose();
		}
	}

	private Member member(String name) {
		for (Member member : this.members) {
			if (member.replica.name().equals(name)) {
				return member;
			}
		}
		throw new IllegalArgumentException("Bind '%s' has no replica '%s'".formatted(this.key, name));
	}

	/**
	 * Stop the checks and close the replicas' pools.
	 */
	@Override
	public void close() {
		this.closed = true;
		Disposable checks = this.checks;
		if (checks != null) {
			checks.dispose();
		}
		for (Member member : this.members) {
			if (member.replica.connectionFactory() instanceof Disposable pool && !pool.isDisposed()) {
				pool.dispose();
			}
		}
	}

	@Override
	public String toString() {
		return "Replicas" + this.members.stream().map((member) -> member.replica.name() + "=" + member.state).toList();
	}

	/**
	 * A replica and the state it was last found in; a change of whether it is in use is
	 * logged once.
	 */
	private final class Member {

		private final Replica replica;

		private volatile ReplicaState state = ReplicaState.unchecked();

		Member(Replica replica) {
			this.replica = replica;
		}

		Replica replica() {
			return this.replica;
		}

		void update(ReplicaState found) {
			ReplicaState previous;
			synchronized (this) {
				previous = this.state;
				this.state = found;
			}
			if (previous.isInUse() && !found.isInUse()) {
				logger.warn("Bind '%s': replica '%s' is skipped: %s; its reads go to %s".formatted(Replicas.this.key,
						this.replica.name(), found.reason(), otherTarget()));
			}
			else if (!previous.isInUse() && found.isInUse()) {
				logger.info("Bind '%s': replica '%s' is back in use (lag %s)".formatted(Replicas.this.key,
						this.replica.name(), found.lag()));
			}
		}

		private String otherTarget() {
			return Replicas.this.members.stream()
				.filter((other) -> other != this && other.state.isInUse())
				.map((other) -> "replica '" + other.replica.name() + "'")
				.findFirst()
				.orElse("the primary");
		}

	}

}
