package io.github.reactivesessions.session;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import reactor.util.context.Context;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lock that serialises the operations of one session: order, cancelled waiters, calls
 * that run to their end, re-entry, long queues.
 */
class SessionLockTests {

	private final SessionLock lock = new SessionLock("sa_main");

	private final List<String> ran = new CopyOnWriteArrayList<>();

	@Test
	void waitersGetTheLockInTheOrderTheyAskedForIt() {
		Sinks.Empty<Void> first = Sinks.empty();
		this.lock.guardMono((guard) -> first.asMono()).subscribe();
		for (String name : List.of("a", "b", "c")) {
			this.lock.guardMono((guard) -> record(name)).subscribe();
		}
		assertThat(this.ran).isEmpty();
		first.tryEmitEmpty();
		assertThat(this.ran).containsExactly("a", "b", "c");
	}

	@Test
	void waiterCancelledBeforeItsTurnNeverRunsAndThoseBehindItDo() {
		Sinks.Empty<Void> first = Sinks.empty();
		this.lock.guardMono((guard) -> first.asMono()).subscribe();
		Disposable cancelled = this.lock.guardMono((guard) -> record("cancelled")).subscribe();
		this.lock.guardMono((guard) -> record("next")).subscribe();
		cancelled.dispose();
		first.tryEmitEmpty();
		assertThat(this.ran).containsExactly("next");
	}

	@Test
	void cancelledHolderKeepsTheLockUntilItsCallToTheDatabaseHasEnded() {
		Sinks.One<String> call = Sinks.one();
		Disposable holder = this.lock.guardMono((guard) -> guard.runToEnd(call.asMono(), null, false)).subscribe();
		this.lock.guardMono((guard) -> record("next")).subscribe();
		holder.dispose();
		assertThat(this.ran).as("ran while the cancelled call was still running").isEmpty();
		call.tryEmitValue("ended");
		assertThat(this.ran).containsExactly("next");
	}

	@Test
	void cancelledHolderStopsBeforeItsNextCallToTheDatabase() {
		Sinks.One<String> first = Sinks.one();
		Disposable holder = this.lock
			.guardMono((guard) -> guard.runToEnd(first.asMono(), null, false).then(guard.runToEnd(record("second call"), null, false)))
			.subscribe();
		holder.dispose();
		first.tryEmitValue("ended");
		StepVerifier.create(this.lock.guardMono((guard) -> record("next"))).expectNext("next").verifyComplete();
		assertThat(this.ran).containsExactly("next");
	}

	@Test
	void closeDrainsAStreamedCallWhoseSubscriberStoppedAskingAndFailsItWithTheClosedError() {
		Sinks.Many<String> rows = Sinks.many().unicast().onBackpressureBuffer();
		List<String> received = new CopyOnWriteArrayList<>();
		AtomicReference<Throwable> failure = new AtomicReference<>();
		this.lock.guard((guard) -> guard.runToEnd(rows.asFlux(), null, false))
			.subscribe(new BaseSubscriber<String>() {
				@Override
				protected void hookOnSubscribe(Subscription subscription) {
					subscription.request(1);
				}

				@Override
				protected void hookOnNext(String row) {
					received.add(row);
				}

				@Override
				protected void hookOnError(Throwable error) {
					failure.set(error);
				}
			});
		rows.tryEmitNext("first");
		rows.tryEmitNext("second");
		Mono<String> close = this.lock.guardClose((guard) -> record("close"), () -> new IllegalStateException("closed"));
		StepVerifier.create(close).then(() -> {
			assertThat(this.ran).as("closed before the streamed call had ended").isEmpty();
			rows.tryEmitNext("third");
			rows.tryEmitComplete();
		}).expectNext("close").verifyComplete();
		assertThat(received).containsExactly("first");
		assertThat(failure.get()).hasMessage("closed");
	}

	@Test
	void closeLetsAnOperationWithOneValueFinishAndRefusesThoseQueuedBeforeIt() {
		Sinks.One<String> commit = Sinks.one();
		Mono<String> holder = this.lock.guardMono((guard) -> guard.runToEnd(commit.asMono(), null, false));
		AtomicReference<String> committed = new AtomicReference<>();
		holder.subscribe(committed::set);
		AtomicReference<Throwable> queued = new AtomicReference<>();
		this.lock.guardMono((guard) -> record("queued")).subscribe(null, queued::set);
		Mono<String> close = this.lock.guardClose((guard) -> record("close"), () -> new IllegalStateException("closed"));
		StepVerifier.create(close).then(() -> commit.tryEmitValue("committed")).expectNext("close").verifyComplete();
		assertThat(committed.get()).isEqualTo("committed");
		assertThat(queued.get()).hasMessage("closed");
		assertThat(this.ran).containsExactly("close");
		// Operations after the close run on the closed session, which refuses them itself.
		StepVerifier.create(this.lock.guardMono((guard) -> record("after"))).expectNext("after").verifyComplete();
		StepVerifier.create(this.lock.guardClose((guard) -> record("closed again"), () -> new IllegalStateException("x")))
			.expectNext("closed again")
			.verifyComplete();
	}

	@Test
	void closeCancelledWhileWaitingLeavesLaterOperationsRunning() {
		Sinks.One<String> holder = Sinks.one();
		this.lock.guardMono((guard) -> guard.runToEnd(holder.asMono(), null, false)).subscribe();
		Disposable close = this.lock.guardClose((guard) -> record("close"), () -> new IllegalStateException("closed"))
			.subscribe();
		close.dispose();
		holder.tryEmitValue("done");
		StepVerifier.create(this.lock.guardMono((guard) -> record("later"))).expectNext("later").verifyComplete();
		assertThat(this.ran).containsExactly("later");
	}

	@Test
	void secondCloseStillRefusesOperationsQueuedBeforeItWhenTheFirstIsCancelled() {
		Sinks.One<String> holder = Sinks.one();
		this.lock.guardMono((guard) -> guard.runToEnd(holder.asMono(), null, false)).subscribe();
		Disposable first = this.lock.guardClose((guard) -> record("first close"), () -> new IllegalStateException("closed"))
			.subscribe();
		AtomicReference<Throwable> queued = new AtomicReference<>();
		this.lock.guardMono((guard) -> record("queued")).subscribe(null, queued::set);
		this.lock.guardClose((guard) -> record("second close"), () -> new IllegalStateException("closed")).subscribe();
		first.dispose();
		holder.tryEmitValue("done");
		assertThat(queued.get()).hasMessage("closed");
		assertThat(this.ran).containsExactly("second close");
	}

	@Test
	void operationStartedInsideACallThatRunsCallerCodeFailsInsteadOfWaitingForever() {
		Mono<Integer> nested = this.lock
			.guardMono((guard) -> guard
				.runToEnd(Mono.just(1).flatMap((one) -> this.lock.guardMono((inner) -> record("inner"))), null, true))
			.map(String::length);
		StepVerifier.create(nested)
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(IllegalStateException.class)
				.hasMessageStartingWith("Session 'sa_main' was called from inside one of its own statements"))
			.verify(Duration.ofSeconds(5));
		assertThat(this.ran).isEmpty();
		StepVerifier.create(this.lock.guardMono((guard) -> record("after"))).expectNext("after").verifyComplete();
	}

	@Test
	void operationOfAnotherLockMayRunInsideACallThatRunsCallerCode() {
		SessionLock other = new SessionLock("second");
		StepVerifier.create(this.lock.guardMono((guard) -> guard
			.runToEnd(Mono.just(1).flatMap((one) -> other.guardMono((inner) -> record("inner"))), null, true)))
			.expectNext("inner")
			.verifyComplete();
	}

	@Test
	void workAndItsCallsSeeTheCallersContextAsItIsUnlessTheCallsRunCallerCode() {
		Mono<Integer> contextSize = Mono.deferContextual((context) -> Mono.just(context.size()));
		StepVerifier.create(this.lock.guardMono((guard) -> guard.runToEnd(contextSize, null, false))
			.zipWith(this.lock.guardMono((guard) -> contextSize))
			.zipWith(this.lock.guardMono((guard) -> Mono.just(guard.caller().size())))
			.contextWrite(Context.of("caller", "entry")))
			.assertNext((sizes) -> assertThat(List.of(sizes.getT1().getT1(), sizes.getT1().getT2(), sizes.getT2()))
				.containsExactly(1, 1, 1))
			.verifyComplete();
		StepVerifier.create(this.lock.guardMono((guard) -> guard.runToEnd(contextSize, null, true))
			.contextWrite(Context.of("caller", "entry")))
			.expectNext(2)
			.verifyComplete();
	}

	@Test
	void longQueueOfQuickOperationsIsServedInALoopNotInDeepRecursion() throws InterruptedException {
		Sinks.Empty<Void> first = Sinks.empty();
		this.lock.guardMono((guard) -> first.asMono()).subscribe();
		int waiters = 20_000;
		AtomicInteger done = new AtomicInteger();
		for (int i = 0; i < waiters; i++) {
			this.lock.guardMono((guard) -> Mono.just(1)).subscribe((one) -> done.incrementAndGet());
		}
		// Released from a thread with a small stack: each waiter handed the lock in a nested
		// call would overflow it.
		AtomicReference<Throwable> thrown = new AtomicReference<>();
		Thread releaser = new Thread(null, () -> {
			try {
				first.tryEmitEmpty();
			}
			catch (Throwable ex) {
				thrown.set(ex);
			}
		}, "releaser", 256 * 1024);
		releaser.start();
		releaser.join(10_000);
		assertThat(thrown.get()).isNull();
		assertThat(done.get()).isEqualTo(waiters);
		StepVerifier.create(this.lock.guardMono((guard) -> Mono.just(2))).expectNext(2).verifyComplete();
	}

	@Test
	void callRunsInTheContextItsScopeWritesAndItsCallerDoesNot() {
		Mono<String> call = this.lock.guardMono((guard) -> guard.runToEnd(
				Mono.deferContextual((context) -> Mono.just(context.get("scope"))),
				(context) -> context.put("scope", "written"), false));
		StepVerifier.create(call.flatMap((value) -> Mono.deferContextual((context) -> Mono
			.just(value + ", caller sees " + context.getOrDefault("scope", "nothing")))))
			.expectNext("written, caller sees nothing")
			.verifyComplete();
	}

	@Test
	void callListenerHearsTheEndBeforeTheLockPassesOn() {
		Sinks.Empty<Void> call = Sinks.empty();
		this.lock.guardMono((guard) -> guard.runToEnd(call.asMono(), Function.identity(), false,
				(error, failedOnSubscribe) -> this.ran.add("listener: " + ((error != null) ? error.getMessage() : "completed"))))
			.doOnSuccess((value) -> this.ran.add("subscriber"))
			.subscribe();
		this.lock.guardMono((guard) -> record("next")).subscribe();
		call.tryEmitEmpty();
		// A guard's value goes out once the lock has passed on (see guardMono).
		assertThat(this.ran).containsExactly("listener: completed", "next", "subscriber");
	}

	@Test
	void callListenerHearsTheErrorOfTheCall() {
		StepVerifier.create(this.lock.guardMono((guard) -> guard.runToEnd(
				Mono.<Void>error(new IllegalStateException("commit failed")), Function.identity(), false,
				(error, failedOnSubscribe) -> this.ran.add("listener: " + error.getMessage() + ", at once: " + failedOnSubscribe))))
			.expectErrorMessage("commit failed")
			.verify(Duration.ofSeconds(5));
		assertThat(this.ran).containsExactly("listener: commit failed, at once: true");
	}

	@Test
	void callListenerTellsAFailureThatCameAfterTheSubscriptionFromOneAtOnce() {
		Sinks.Empty<Void> call = Sinks.empty();
		this.lock.guardMono((guard) -> guard.runToEnd(call.asMono(), Function.identity(), false,
				(error, failedOnSubscribe) -> this.ran.add("at once: " + failedOnSubscribe)))
			.subscribe(null, (ex) -> this.ran.add("subscriber: " + ex.getMessage()));
		call.tryEmitError(new IllegalStateException("connection reset"));
		assertThat(this.ran).containsExactly("at once: false", "subscriber: connection reset");
	}

	@Test
	void callListenerHearsTheEndOfACallWhoseSubscriberCancelled() {
		Sinks.Empty<Void> call = Sinks.empty();
		Disposable subscription = this.lock
			.guardMono((guard) -> guard.runToEnd(call.asMono(), Function.identity(), false,
					(error, failedOnSubscribe) -> this.ran.add("listener: ended")))
			.subscribe();
		subscription.dispose();
		assertThat(this.ran).isEmpty();
		call.tryEmitEmpty();
		assertThat(this.ran).containsExactly("listener: ended");
	}

	@Test
	void callListenerThatThrowsFailsTheCall() {
		StepVerifier.create(this.lock.guardMono((guard) -> guard.runToEnd(Mono.<Void>empty(), Function.identity(), false, (error, failedOnSubscribe) -> {
			throw new IllegalStateException("listener failed");
		}))).expectErrorMessage("listener failed").verify(Duration.ofSeconds(5));
	}

	@Test
	void callListenerThatThrowsOnAnErrorReportsBothAndTheLockPassesOn() {
		IllegalStateException callError = new IllegalStateException("commit failed");
		StepVerifier.create(this.lock.guardMono((guard) -> guard.runToEnd(Mono.error(callError), Function.identity(), false,
				(error, failedOnSubscribe) -> {
					throw new IllegalStateException("listener failed");
				})))
			.expectErrorSatisfies((ex) -> assertThat(ex).hasMessage("listener failed").hasSuppressedException(callError))
			.verify(Duration.ofSeconds(5));
		StepVerifier.create(this.lock.guardMono((guard) -> record("next"))).expectNext("next").verifyComplete();
	}

	@Test
	void callListenerThatRethrowsTheCallErrorFailsTheCallWithIt() {
		IllegalStateException callError = new IllegalStateException("commit failed");
		StepVerifier.create(this.lock.guardMono((guard) -> guard.runToEnd(Mono.error(callError), Function.identity(), false,
				(error, failedOnSubscribe) -> {
					throw callError;
				})))
			.expectErrorSatisfies((ex) -> assertThat(ex).isSameAs(callError))
			.verify(Duration.ofSeconds(5));
		StepVerifier.create(this.lock.guardMono((guard) -> record("next"))).expectNext("next").verifyComplete();
	}

	private Mono<String> record(String name) {
		return Mono.fromSupplier(() -> {
			this.ran.add(name);
			return name;
		});
	}

}
