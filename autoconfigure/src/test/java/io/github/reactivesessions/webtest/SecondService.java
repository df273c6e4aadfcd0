package io.github.reactivesessions.webtest;

import io.github.reactivesessions.testsupport.Person;
import io.github.reactivesessions.web.ReactiveSessions;
import io.github.reactivesessions.web.UseSession;
import reactor.core.publisher.Mono;

import org.springframework.data.relational.core.query.Query;
import org.springframework.stereotype.Service;

/**
 * A service method opening the second bind with @UseSession.
 */
@Service
public class SecondService {

	@UseSession("sa_second")
	public Mono<Long> countSecond() {
		return ReactiveSessions.current("sa_second").flatMap((session) -> session.count(Person.class, Query.empty()));
	}

}
