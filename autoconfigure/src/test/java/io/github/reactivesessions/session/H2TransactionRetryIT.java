package io.github.reactivesessions.session;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.reactivesessions.testsupport.H2TestDatabase;
import io.github.reactivesessions.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.transaction.annotation.Isolation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retrying begin blocks on H2.
 */
class H2TransactionRetryIT extends TransactionRetrySuite {

	@Override
	protected TestDatabase createDatabase() {
		return new H2TestDatabase();
	}

	@Override
	protected List<String> shortLockWait() {
		return List.of("SET LOCK_TIMEOUT 50");
	}

	@Test
	void isolationLevelOfOneBlockIsRefusedNamingTheReason() {
		AtomicInteger calls = new AtomicInteger();
		Mono<Integer> block = this.sessions.withSession((session) -> session
			.begin(BeginOptions.defaults().isolation(Isolation.SERIALIZABLE), (s) -> Mono.just(calls.incrementAndGet())));
		StepVerifier.create(block)
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("Bind 'sa_main' is an H2 database")
				.hasMessageContaining("SERIALIZABLE"))
			.verify(Duration.ofSeconds(10));
		assertThat(calls).hasValue(0);
	}

}
