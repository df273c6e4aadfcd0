package io.github.reactivesessions.sample.second;

import io.github.reactivesessions.sample.quickstart.MyModel;
import io.github.reactivesessions.web.ReactiveSessions;
import io.github.reactivesessions.web.SessionHandlerFilters;
import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.r2dbc.repository.config.EnableR2dbcRepositories;
import org.springframework.data.relational.core.query.Query;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;

/**
 * Repositories of this package use the second bind's entity template; the functional
 * endpoint {@code GET /fn/specific} opens the second bind with
 * {@code SessionHandlerFilters.useSession}, the functional form of {@code @UseSession}.
 */
@Configuration(proxyBeanMethods = false)
@EnableR2dbcRepositories(basePackageClasses = NoteRepository.class, entityOperationsRef = "sa_secondEntityTemplate")
class SecondBindConfiguration {

	@Bean
	RouterFunction<ServerResponse> secondRouter() {
		return RouterFunctions.route(GET("/fn/specific"), SecondBindConfiguration::specific)
			.filter(SessionHandlerFilters.useSession("sa_second"));
	}

	private static Mono<ServerResponse> specific(ServerRequest request) {
		Mono<Long> main = ReactiveSessions.get(request).count(MyModel.class, Query.empty());
		Mono<Long> second = ReactiveSessions.get(request, "sa_second").count(Note.class, Query.empty());
		return Mono.zip(main, second)
			.flatMap((counts) -> ServerResponse.ok()
				.bodyValue(java.util.Map.of("sa_main", counts.getT1(), "sa_second", counts.getT2())));
	}

}
