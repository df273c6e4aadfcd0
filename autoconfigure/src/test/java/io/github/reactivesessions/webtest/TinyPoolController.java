package io.github.reactivesessions.webtest;

import io.github.reactivesessions.bind.Binds;
import io.github.reactivesessions.session.ReactiveSession;
import io.github.reactivesessions.testsupport.Person;
import io.github.reactivesessions.web.SessionKey;
import io.github.reactivesessions.web.UseSession;
import reactor.core.publisher.Mono;

import org.springframework.data.relational.core.query.Query;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Handlers of {@code sa_tiny}, whose pool has one connection.
 */
@RestController
@UseSession("sa_tiny")
class TinyPoolController {

	private final Binds binds;

	TinyPoolController(Binds binds) {
		this.binds = binds;
	}

	/**
	 * The request's session holds the pool's only connection in the transaction its first
	 * statement, a write, began, while a second session of the same bind asks for one for a
	 * read, which it cannot get (outside {@code begin}, where it would join the first
	 * session's transaction).
	 */
	@GetMapping("/tiny/two-sessions")
	Mono<Long> twoSessions(@SessionKey("sa_tiny") ReactiveSession tiny) {
		return Mono.usingWhen(Mono.fromSupplier(() -> this.binds.bind("sa_tiny").sessionFactory().openSession()),
				(second) -> tiny.sql("UPDATE person SET age = age").then().then(second.count(Person.class, Query.empty())),
				ReactiveSession::close);
	}

	@GetMapping("/tiny/count")
	Mono<Long> count(@SessionKey("sa_tiny") ReactiveSession tiny) {
		return tiny.count(Person.class, Query.empty());
	}

}
