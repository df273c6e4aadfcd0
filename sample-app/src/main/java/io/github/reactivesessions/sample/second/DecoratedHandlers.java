package io.github.reactivesessions.sample.second;

import java.util.List;
import java.util.Map;

import io.github.reactivesessions.sample.quickstart.MyModel;
import io.github.reactivesessions.session.ReactiveSession;
import io.github.reactivesessions.web.SessionKey;
import io.github.reactivesessions.web.UseSession;
import reactor.core.publisher.Mono;

import org.springframework.data.domain.Sort;
import org.springframework.data.relational.core.query.Query;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * aiohttp-sqlalchemy's "Decorating handlers": {@code sa_main} is opened by the filter for every
 * request, {@code sa_second} (middleware=false) only by handlers annotated with
 * {@code @UseSession("sa_second")}.
 */
@RestController
class DecoratedHandlers {

	private final NoteRepository notes;

	private final NoteStatistics statistics;

	DecoratedHandlers(NoteRepository notes, NoteStatistics statistics) {
		this.notes = notes;
		this.statistics = statistics;
	}

	@GetMapping("/simple")
	Mono<Map<String, Long>> simple(ReactiveSession mainSession) {
		return mainSession.begin((s) -> s.count(MyModel.class, Query.empty())).map((count) -> Map.of("sa_main", count));
	}

	@UseSession("sa_second")
	@GetMapping("/specific")
	Mono<Map<String, Long>> specific(@SessionKey("sa_second") ReactiveSession specificSession) {
		return specificSession.begin((s) -> s.count(Note.class, Query.empty())).map((count) -> Map.of("sa_second", count));
	}

	@UseSession("sa_second")
	@GetMapping("/both")
	Mono<Map<String, Long>> both(ReactiveSession mainSession, @SessionKey("sa_second") ReactiveSession specificSession) {
		return mainSession.begin((s) -> s.count(MyModel.class, Query.empty()))
			.zipWith(specificSession.begin((s) -> s.count(Note.class, Query.empty())))
			.map((counts) -> Map.of("sa_main", counts.getT1(), "sa_second", counts.getT2()));
	}

	/**
	 * A session add and a repository save in one transaction of the second bind: both rows
	 * or neither.
	 */
	@UseSession("sa_second")
	@PostMapping("/notes")
	Mono<List<Note>> addNotes(@SessionKey("sa_second") ReactiveSession session, @RequestParam String text,
			@RequestParam(defaultValue = "false") boolean fail) {
		return session.begin((s) -> {
			s.add(new Note(text));
			return s.flush()
				.then(this.notes.save(new Note(text + " (repository)")))
				.then(fail ? Mono.error(new ResponseStatusException(HttpStatus.CONFLICT, "asked to fail: both rolled back"))
						: Mono.empty());
		}).then(this.notes.findAll(Sort.by("id")).collectList());
	}

	/**
	 * The same pair of notes written in a Spring transaction that the session joins: the
	 * session's flush and the repository's save share the transaction Spring's
	 * {@code @Transactional} opened, and Spring commits it.
	 */
	@UseSession("sa_second")
	@Transactional(transactionManager = "sa_secondTransactionManager")
	@PostMapping("/notes/joined")
	Mono<List<Note>> addJoinedNotes(@SessionKey("sa_second") ReactiveSession session, @RequestParam String text) {
		Note note = session.add(new Note(text));
		return session.flush()
			.then(this.notes.save(new Note(text + " (repository)")))
			.map((saved) -> List.of(note, saved));
	}

	@GetMapping("/notes")
	Mono<List<Note>> listNotes() {
		return this.notes.findAll(Sort.by("id")).collectList();
	}

	/**
	 * A handler that opens no session itself: the service it calls has
	 * {@code @UseSession("sa_second")}.
	 */
	@GetMapping("/notes/count")
	Mono<Map<String, Long>> countNotes() {
		return this.statistics.count().map((count) -> Map.of("sa_second", count));
	}

}
