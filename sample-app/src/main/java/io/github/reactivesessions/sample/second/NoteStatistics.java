package io.github.reactivesessions.sample.second;

import io.github.reactivesessions.web.ReactiveSessions;
import io.github.reactivesessions.web.UseSession;
import reactor.core.publisher.Mono;

import org.springframework.data.relational.core.query.Query;
import org.springframework.stereotype.Service;

/**
 * A service whose method opens the second bind with {@code @UseSession}: called inside a
 * request, its session belongs to the request; called elsewhere (a scheduled job, a test), it
 * is opened for the call and closed when the returned {@code Mono} ends.
 */
@Service
class NoteStatistics {

	@UseSession("sa_second")
	Mono<Long> count() {
		return ReactiveSessions.current("sa_second").flatMap((session) -> session.count(Note.class, Query.empty()));
	}

}
