package io.github.reactivesessions.bind;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.reactivesessions.session.ReactiveSessionFactory;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link Bind}.
 */
@ExtendWith(OutputCaptureExtension.class)
class BindTests {

	private static String h2Url() {
		return "r2dbc:h2:mem:///" + UUID.randomUUID() + "?options=DB_CLOSE_DELAY=-1";
	}

	@Test
	void bindOfUrlCreatesAPoolWithTheDefaultKeyAndMiddleware() {
		try (Bind bind = Bind.of(h2Url()).build()) {
			assertThat(bind.key()).isEqualTo("sa_main");
			assertThat(bind.isMiddleware()).isTrue();
			assertThat(bind.connectionFactory()).isInstanceOf(ConnectionPool.class);
			assertThat(bind.sessionFactory().key()).isEqualTo("sa_main");
			assertThat(bind.databaseClient().getConnectionFactory()).isSameAs(bind.connectionFactory());
			assertThat(bind.transactionManager().getConnectionFactory()).isSameAs(bind.connectionFactory());
		}
	}

	@Test
	void maxAcquireTimeIsTheWholeWaitForAConnectionOfAnExhaustedPool() {
		Duration maxAcquireTime = Duration.ofMillis(600);
		try (Bind bind = Bind.of(h2Url()).pool((pool) -> pool.maxSize(1).maxAcquireTime(maxAcquireTime)).build()) {
			Connection held = Mono.from(bind.connectionFactory().create()).block(Duration.ofSeconds(5));
			try {
				long start = System.nanoTime();
				StepVerifier.create(Mono.from(bind.connectionFactory().create()))
					.expectError(R2dbcTimeoutException.class)
					.verify(Duration.ofSeconds(10));
				// r2dbc-pool's default acquire retry would wait a second max-acquire-time.
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(maxAcquireTime.multipliedBy(3).dividedBy(2));
			}
			finally {
				Mono.from(held.close()).block(Duration.ofSeconds(5));
			}
		}
	}

	@Test
	void acquisitionThatFailedWithoutTimingOutIsTriedAgain() {
		AtomicInteger attempts = new AtomicInteger();
		ConnectionFactory target = ConnectionFactories.get(h2Url());
		ConnectionFactory firstFails = new ConnectionFactory() {

			@Override
			public Publisher<? extends Connection> create() {
				return Mono.defer(() -> (attempts.incrementAndGet() == 1)
						? Mono.error(new R2dbcNonTransientResourceException("connection refused")) : Mono.from(target.create()));
			}

			@Override
			public ConnectionFactoryMetadata getMetadata() {
				return target.getMetadata();
			}

		};
		RetryingConnectionPool pool = new RetryingConnectionPool(
				ConnectionPoolConfiguration.builder(firstFails).initialSize(0).maxSize(1).acquireRetry(0).build(), 1);
		try {
			Connection connection = Mono.from(pool.create()).block(Duration.ofSeconds(5));
			assertThat(attempts).hasValue(2);
			Mono.from(connection.close()).block(Duration.ofSeconds(5));
		}
		finally {
			pool.dispose();
		}
	}

	@Test
	void connectTimeoutIsHalfTheMaxAcquireTimeAtMostFiveSeconds() {
		assertThat(ConnectionFactoryCreation.defaultConnectTimeout(new PoolSettings())).hasSeconds(5);
		assertThat(ConnectionFactoryCreation
			.defaultConnectTimeout(new PoolSettings().maxAcquireTime(Duration.ofSeconds(3)))).hasMillis(1500);
		assertThat(ConnectionFactoryCreation.defaultConnectTimeout(new PoolSettings().enabled(false))).hasSeconds(5);
	}

	@Test
	void poolSettingsApplyToTheCreatedPool() {
		try (Bind bind = Bind.of(h2Url()).pool((pool) -> pool.maxSize(3)).build()) {
			ConnectionPool pool = (ConnectionPool) bind.connectionFactory();
			assertThat(pool.getMetrics().orElseThrow().getMaxAllocatedSize()).isEqualTo(3);
		}
	}

	@Test
	void closeDisposesThePoolTheBindCreated() {
		Bind bind = Bind.of(h2Url()).build();
		bind.close();
		assertThat(((ConnectionPool) bind.connectionFactory()).isDisposed()).isTrue();
	}

	@Test
	void closeLeavesAGivenConnectionFactoryAlone() {
		ConnectionPool pool = new ConnectionPool(
				io.r2dbc.pool.ConnectionPoolConfiguration.builder(ConnectionFactories.get(h2Url())).build());
		Bind.of(pool).key("given").build().close();
		assertThat(pool.isDisposed()).isFalse();
		pool.dispose();
	}

	@Test
	void bindOfASessionFactoryTakesItsKeyAndOptions() {
		ConnectionFactory connectionFactory = ConnectionFactories.get(h2Url());
		ReactiveSessionFactory sessions = ReactiveSessionFactory.builder(connectionFactory).key("reports").readOnly(true)
			.build();
		Bind bind = Bind.of(sessions).middleware(false).build();
		assertThat(bind.key()).isEqualTo("reports");
		assertThat(bind.sessionFactory()).isSameAs(sessions);
		assertThat(bind.isReadOnly()).isTrue();
		assertThat(bind.isMiddleware()).isFalse();
	}

	@Test
	void autocommitReadsFollowsTheDatabaseUnlessTheBindSaysOtherwise() {
		try (Bind byDefault = Bind.of(h2Url()).build(); Bind off = Bind.of(h2Url()).autocommitReads(false).build()) {
			assertThat(byDefault.sessionFactory().isAutocommitReads()).isTrue();
			assertThat(off.sessionFactory().isAutocommitReads()).isFalse();
		}
		ReactiveSessionFactory given = ReactiveSessionFactory.builder(ConnectionFactories.get(h2Url()))
			.key("reports")
			.autocommitReads(false)
			.build();
		assertThat(Bind.of(given).build().sessionFactory()).isSameAs(given);
		Bind overridden = Bind.of(given).autocommitReads(true).build();
		assertThat(overridden.sessionFactory().isAutocommitReads()).isTrue();
		assertThat(overridden.entityTemplate()).isSameAs(given.entityTemplate());
	}

	@Test
	void bindOfASessionFactoryWithAnotherKeySharesItsParts() {
		ReactiveSessionFactory sessions = ReactiveSessionFactory.builder(ConnectionFactories.get(h2Url())).key(Binds.DEFAULT_KEY).build();
		Bind bind = Bind.of(sessions).key("sa_second").build();
		assertThat(bind.sessionFactory().key()).isEqualTo("sa_second");
		assertThat(bind.entityTemplate()).isSameAs(sessions.entityTemplate());
		assertThat(bind.transactionManager()).isSameAs(sessions.transactionManager());
	}

	@Test
	void urlSettingsAreRefusedForAConnectionFactoryTarget() {
		ConnectionFactory connectionFactory = ConnectionFactories.get(h2Url());
		assertThatExceptionOfType(InvalidBindTargetException.class)
			.isThrownBy(() -> Bind.of(connectionFactory).key("given").username("app").build())
			.withMessage("Bind 'given' sets username, password, options, connect-timeout, pooler or replicas, which only "
					+ "apply to a bind built from a url");
		assertThatExceptionOfType(InvalidBindTargetException.class)
			.isThrownBy(() -> Bind.of(connectionFactory).key("given")
				.replicas((replicas) -> replicas.add("copy", h2Url()))
				.build())
			.withMessageContaining("replicas, which only apply to a bind built from a url");
	}

	@Test
	void transactionPoolerTurnsThePreparedStatementCacheOff() {
		assertThat(TransactionPooling.options("sa_main", "r2dbc:postgresql://app@localhost:6432/app", Map.of()))
			.containsExactly(Map.entry("preparedStatementCacheQueries", "0"));
	}

	@Test
	void transactionPoolerIsForPostgresqlBinds() {
		assertThatExceptionOfType(InvalidBindTargetException.class)
			.isThrownBy(() -> Bind.of(h2Url()).key("sa_main").pooler(Pooler.TRANSACTION).build())
			.withMessage("Bind 'sa_main' has pooler: transaction, which is for PostgreSQL binds behind a "
					+ "transaction-mode pooler such as PgBouncer; its url's driver is 'h2'");
	}

	@Test
	void transactionPoolerRefusesStateSetOnTheServerConnectionAtStartup() {
		assertThatExceptionOfType(InvalidBindTargetException.class)
			.isThrownBy(() -> Bind.of("r2dbc:postgresql://app@localhost:6432/app?schema=sales")
				.key("sa_main")
				.pooler(Pooler.TRANSACTION)
				.build())
			.withMessageContaining("Bind 'sa_main' has pooler: transaction and sets the driver option 'schema'")
			.withMessageContaining("ALTER ROLE");
		assertThatExceptionOfType(InvalidBindTargetException.class)
			.isThrownBy(() -> Bind.of("r2dbc:postgresql://app@localhost:6432/app")
				.key("sa_main")
				.option("options", "statement_timeout=1000")
				.pooler(Pooler.TRANSACTION)
				.build())
			.withMessageContaining("sets the driver option 'options'");
	}

	@Test
	void transactionPoolerRefusesAPreparedStatementCache() {
		assertThatExceptionOfType(InvalidBindTargetException.class)
			.isThrownBy(() -> Bind.of("r2dbc:postgresql://app@localhost:6432/app")
				.key("sa_main")
				.option("preparedStatementCacheQueries", "256")
				.pooler(Pooler.TRANSACTION)
				.build())
			.withMessageStartingWith("Bind 'sa_main' has pooler: transaction and sets preparedStatementCacheQueries=256");
	}

	@Test
	void malformedUrlIsRefusedWithTheKeyAndAMaskedUrl() {
		assertThatExceptionOfType(InvalidBindTargetException.class)
			.isThrownBy(() -> Bind.of("postgresql://app:secret@localhost/app").key("broken").build())
			.withMessageStartingWith("Url 'postgresql://app:******@localhost/app' of bind 'broken' is not an R2DBC url")
			.satisfies((ex) -> assertThat(ex.getKey()).isEqualTo("broken"));
	}

	@Test
	void unknownDriverNamesTheDriverAndTheAvailableOnes() {
		assertThatExceptionOfType(UnknownDriverException.class)
			.isThrownBy(() -> Bind.of("r2dbc:oracle://localhost:1521/app").key("legacy").build())
			.satisfies((ex) -> {
				assertThat(ex.getKey()).isEqualTo("legacy");
				assertThat(ex.getDriver()).isEqualTo("oracle");
				assertThat(ex.getAvailableDrivers()).contains("h2", "postgresql", "mysql");
				assertThat(ex.getMessage()).startsWith("No R2DBC driver 'oracle' for bind 'legacy'; the drivers on the "
						+ "class path are ");
			});
	}

	@Test
	void invalidKeyIsRefused() {
		assertThatExceptionOfType(InvalidBindKeyException.class).isThrownBy(() -> Bind.of(h2Url()).key("bad key"))
			.withMessageStartingWith("Bind key 'bad key' is invalid");
	}

	@Test
	void toStringMasksThePassword() {
		try (Bind bind = Bind.of("r2dbc:postgresql://app:secret@localhost:5999/app").build()) {
			assertThat(bind.toString()).doesNotContain("secret").contains("app:******@localhost");
		}
	}

	@Test
	void invalidUrlMessageNeverShowsThePassword() {
		assertThatExceptionOfType(InvalidBindTargetException.class)
			.isThrownBy(() -> Bind.of("r2dbc:h2:mem:///x?password=secret").build())
			.satisfies((ex) -> {
				assertThat(ex.getMessage()).doesNotContain("secret").contains("password=******");
				assertThat(ex.getCause()).isNull();
			});
	}

	@Test
	void echoLogsEachStatementWithItsParametersAndDuration(CapturedOutput output) {
		try (Bind bind = Bind.of(h2Url()).key("echoed").password("hunter2").echo(true).build()) {
			StepVerifier.create(bind.databaseClient().sql("SELECT :value").bind("value", 42).fetch().rowsUpdated())
				.expectNextCount(1)
				.verifyComplete();
			assertThat(output).contains("[echoed]").contains("SELECT $1").contains("42").contains("Time:");
			assertThat(output).doesNotContain("hunter2");
		}
	}

	@Test
	void withoutEchoNoStatementIsLogged(CapturedOutput output) {
		try (Bind bind = Bind.of(h2Url()).key("quiet").build()) {
			StepVerifier.create(bind.databaseClient().sql("SELECT 1").fetch().rowsUpdated())
				.expectNextCount(1)
				.verifyComplete();
			assertThat(output).doesNotContain("[quiet]");
		}
	}

	@Test
	void pathsAndOptionsAreKept() {
		try (Bind bind = Bind.of(h2Url()).key("reports").paths(List.of("/reports/**"))
			.excludePaths(List.of("/reports/health"))
			.commitOnSuccess(true)
			.build()) {
			assertThat(bind.paths()).containsExactly("/reports/**");
			assertThat(bind.excludePaths()).containsExactly("/reports/health");
			assertThat(bind.isCommitOnSuccess()).isTrue();
		}
	}

}
