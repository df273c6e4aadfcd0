package io.github.reactivesessions.routedtest;

import java.util.List;
import java.util.Map;

import io.github.reactivesessions.session.ReactiveSession;
import io.github.reactivesessions.session.RoutedSession;
import io.github.reactivesessions.view.SaView;
import io.github.reactivesessions.view.SaViews;
import io.github.reactivesessions.web.ReactiveSessions;
import io.github.reactivesessions.web.SessionKey;
import reactor.core.publisher.Mono;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.data.relational.core.query.Query;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * An application of two binds whose entities declare them, with handlers that use a
 * routed session.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(RoutedTestApplication.RoutedController.class)
public class RoutedTestApplication {

	// A class-based view: routedSession() counts each entity on its bind.
	@Bean
	RouterFunction<ServerResponse> countsView() {
		return SaViews.route("/routed/view", CountsView::new);
	}

	static class CountsView extends SaView {

		CountsView(ServerRequest request) {
			super(request);
		}

		@Override
		public Mono<ServerResponse> get() {
			RoutedSession routed = routedSession();
			return Mono.zip(routed.count(Shelf.class, Query.empty()), routed.count(Ledger.class, Query.empty()))
				.flatMap((counts) -> ServerResponse.ok()
					.bodyValue(Map.of("shelves", counts.getT1(), "ledgers", counts.getT2())));
		}

	}

	@RestController
	static class RoutedController {

		// A RoutedSession parameter: one entity of each bind, committed bind after bind.
		@PostMapping("/routed")
		Mono<Map<String, Object>> add(RoutedSession routed, @RequestParam String label) {
			Shelf shelf = routed.add(new Shelf(label));
			Ledger ledger = routed.add(new Ledger(label));
			return routed.commit()
				.then(Mono.fromSupplier(() -> Map.of("shelf", shelf.getId(), "ledger", ledger.getId(), "used",
						routed.usedKeys())));
		}

		// The routed session and the bind's own session of the request share its identity map.
		@GetMapping("/routed/ledgers/{id}/same")
		Mono<Boolean> sameInstance(RoutedSession routed, @SessionKey("sa_second") ReactiveSession second,
				@PathVariable long id) {
			return Mono.zip(routed.get(Ledger.class, id), second.get(Ledger.class, id))
				.map((both) -> both.getT1() == both.getT2());
		}

		// From the Reactor Context, as service code reaches it.
		@GetMapping("/routed/current")
		Mono<List<String>> current() {
			return ReactiveSessions.currentRouted()
				.flatMap((routed) -> routed.count(Shelf.class, Query.empty())
					.then(routed.count(Ledger.class, Query.empty()))
					.then(Mono.fromSupplier(routed::usedKeys)));
		}

		// A keyed session given an entity of another bind.
		@PostMapping("/routed/wrong-bind")
		Mono<Long> wrongBind(ReactiveSession main) {
			return main.count(Ledger.class, Query.empty());
		}

	}

}
