package io.github.reactivesessions.bind;

import java.lang.reflect.Proxy;
import java.time.Duration;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Statement;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TransactionGuardedConnection} with a driver that answers at once, on
 * the thread that sent the call.
 */
class TransactionGuardedConnectionTests {

	@Test
	void statementAfterARollbackIsRefusedWhenTheBeginCompletedWhileItWasBeingSent() {
		// A BEGIN that completes inside its own subscribe (a driver answering on the thread
		// that sends it) runs the rest of the chain there, the rollback included, before the
		// send of the BEGIN returns.
		Connection connection = new TransactionGuardedConnection(driver());
		Mono<Long> late = Mono.from(connection.beginTransaction())
			.then(Mono.from(connection.rollbackTransaction()))
			.then(Flux.from(connection.createStatement("INSERT INTO person VALUES ('late')").execute())
				.flatMap(Result::getRowsUpdated)
				.next());
		StepVerifier.create(late)
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("after its transaction was rolled back"))
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void statementAfterANewBeginRuns() {
		Connection connection = new TransactionGuardedConnection(driver());
		Mono<Long> inserted = Mono.from(connection.beginTransaction())
			.then(Mono.from(connection.rollbackTransaction()))
			.then(Mono.from(connection.beginTransaction()))
			.then(Flux.from(connection.createStatement("INSERT INTO person VALUES ('next')").execute())
				.flatMap(Result::getRowsUpdated)
				.next());
		StepVerifier.create(inserted).expectNext(1L).verifyComplete();
	}

	/**
	 * A driver whose BEGIN completes at once and whose ROLLBACK completes later, on another
	 * thread.
	 */
	private static Connection driver() {
		Result result = proxy(Result.class, (name) -> name.equals("getRowsUpdated") ? Mono.just(1L) : null);
		Statement statement = proxy(Statement.class, (name) -> name.equals("execute") ? Mono.just(result) : null);
		return proxy(Connection.class, (name) -> switch (name) {
			case "beginTransaction" -> Mono.empty();
			case "rollbackTransaction" -> Mono.delay(Duration.ofMillis(20)).then();
			case "createStatement" -> statement;
			default -> null;
		});
	}

	@SuppressWarnings("unchecked")
	private static <T> T proxy(Class<T> type, java.util.function.Function<String, Object> answers) {
		return (T) Proxy.newProxyInstance(TransactionGuardedConnectionTests.class.getClassLoader(), new Class<?>[] { type },
				(proxy, method, args) -> {
					if (method.getName().equals("toString")) {
						return type.getSimpleName();
					}
					Object answer = answers.apply(method.getName());
					if (answer == null) {
						throw new UnsupportedOperationException(method.getName());
					}
					return answer;
				});
	}

}
