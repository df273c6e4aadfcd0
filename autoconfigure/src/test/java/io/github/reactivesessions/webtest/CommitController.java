package io.github.reactivesessions.webtest;

import io.github.reactivesessions.session.ReactiveSession;
import io.github.reactivesessions.testsupport.Person;
import io.github.reactivesessions.web.SessionKey;
import reactor.core.publisher.Mono;

import org.springframework.data.relational.core.query.Query;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Handlers of the commit-on-success bind: they add and never commit themselves.
 */
@RestController
class CommitController {

	@PostMapping("/commit/people")
	Mono<ResponseEntity<String>> add(@SessionKey("sa_commit") ReactiveSession session, @RequestParam String name,
			@RequestParam(defaultValue = "201") int status) {
		session.add(new Person(name, 1));
		return Mono.just(ResponseEntity.status(HttpStatus.valueOf(status)).body(name));
	}

	/**
	 * No body: WebFlux completes the response after the filter chain has ended.
	 */
	@PostMapping("/commit/people/quiet")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> addQuietly(@SessionKey("sa_commit") ReactiveSession session, @RequestParam String name) {
		session.add(new Person(name, 1));
		return session.flush();
	}

	@PostMapping("/commit/people/throw")
	Mono<String> addAndFail(@SessionKey("sa_commit") ReactiveSession session, @RequestParam String name) {
		session.add(new Person(name, 1));
		return session.flush().then(Mono.error(new IllegalStateException("handler failed")));
	}

	/**
	 * A read, then a write: says whether each ran in the session's transaction.
	 */
	@PostMapping("/commit/people/after-read")
	Mono<String> addAfterRead(@SessionKey("sa_commit") ReactiveSession session, @RequestParam String name) {
		return session.count(Person.class, Query.empty()).flatMap((count) -> {
			boolean readInTransaction = session.inTransaction();
			session.add(new Person(name, 1));
			return session.flush()
				.then(Mono.fromSupplier(() -> "read in a transaction: " + readInTransaction
						+ ", write in a transaction: " + session.inTransaction()));
		});
	}

	@PostMapping("/commit/people/two")
	Mono<String> addTwo(@SessionKey("sa_commit") ReactiveSession session, @RequestParam String first,
			@RequestParam String second) {
		session.add(new Person(first, 1));
		session.add(new Person(second, 2));
		return Mono.just("added");
	}

}
