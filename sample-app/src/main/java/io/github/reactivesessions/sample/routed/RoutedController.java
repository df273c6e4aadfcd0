package io.github.reactivesessions.sample.routed;

import java.util.Map;

import io.github.reactivesessions.sample.quickstart.MyModel;
import io.github.reactivesessions.sample.second.Note;
import io.github.reactivesessions.session.RoutedSession;
import io.github.reactivesessions.web.UseSession;
import reactor.core.publisher.Mono;

import org.springframework.data.relational.core.query.Query;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * aiohttp-sqlalchemy's "multiple database backends per session": one routed session takes
 * {@link MyModel} to {@code sa_main} (it names no bind) and {@link Note} to
 * {@code sa_second} (its {@code @BindKey}). {@code sa_second} has {@code middleware=false},
 * so the handlers open it with {@code @UseSession}, as any handler of that bind does.
 */
@RestController
@RequestMapping("/routed")
@UseSession("sa_second")
class RoutedController {

	/**
	 * A row in each database, committed bind after bind: {@code sa_main}, then
	 * {@code sa_second}.
	 */
	@PostMapping("/notes")
	Mono<Map<String, Object>> add(RoutedSession session, @RequestParam String text) {
		MyModel model = session.add(new MyModel());
		Note note = session.add(new Note(text));
		return session.commit()
			.then(Mono.fromSupplier(() -> Map.of("my_table_pk", model.getPk(), "note_id", note.getId(), "binds",
					session.usedKeys())));
	}

	@GetMapping("/summary")
	Mono<Map<String, Long>> summary(RoutedSession session) {
		return session.count(MyModel.class, Query.empty())
			.zipWith(session.count(Note.class, Query.empty()))
			.map((counts) -> Map.of("sa_main", counts.getT1(), "sa_second", counts.getT2()));
	}

}
