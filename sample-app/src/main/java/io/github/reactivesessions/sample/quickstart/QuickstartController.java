package io.github.reactivesessions.sample.quickstart;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.reactivesessions.session.ReactiveSession;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.domain.Sort;
import org.springframework.data.relational.core.query.Query;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * aiohttp-sqlalchemy's quickstart handler: add a row inside {@code session.begin(...)} and return
 * {@code {pk: timestamp}} for all rows.
 */
@RestController
class QuickstartController {

	@GetMapping("/")
	Mono<Map<Long, String>> main(ReactiveSession session) {
		return session.begin((s) -> {
			s.add(new MyModel());
			return s.select(MyModel.class, Query.empty().sort(Sort.by("pk"))).collectList();
		}).map((rows) -> {
			Map<Long, String> data = new LinkedHashMap<>();
			rows.forEach((row) -> data.put(row.getPk(), row.getTimestamp().toString()));
			return data;
		});
	}

	/**
	 * The rows as a stream, one JSON object per line, read while the response is written:
	 * the filter closes the session once the last row is sent, or when the client goes away
	 * half-way.
	 */
	@GetMapping(path = "/rows", produces = MediaType.APPLICATION_NDJSON_VALUE)
	Flux<MyModel> rows(ReactiveSession session) {
		return session.select(MyModel.class, Query.empty().sort(Sort.by("pk")));
	}

}
