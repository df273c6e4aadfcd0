package io.github.reactivesessions.webtest;

import io.github.reactivesessions.session.ReactiveSession;
import io.github.reactivesessions.testsupport.Person;
import io.github.reactivesessions.web.SessionKey;
import io.github.reactivesessions.web.UseSession;
import reactor.core.publisher.Mono;

import org.springframework.data.relational.core.query.Query;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A controller whose class is annotated with @UseSession.
 */
@RestController
@UseSession("sa_second")
class SecondController {

	@GetMapping("/class-level/count")
	Mono<Long> count(@SessionKey("sa_second") ReactiveSession second) {
		return second.count(Person.class, Query.empty());
	}

}
