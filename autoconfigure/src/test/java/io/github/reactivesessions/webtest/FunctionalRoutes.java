package io.github.reactivesessions.webtest;

import io.github.reactivesessions.testsupport.Person;
import io.github.reactivesessions.web.ReactiveSessions;
import io.github.reactivesessions.web.SessionHandlerFilters;
import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.relational.core.query.Query;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;

/**
 * Functional endpoints: a function handler and a class handler (aiohttp-sqlalchemy's organized
 * handlers) opening the second bind with SessionHandlerFilters.
 */
@Configuration(proxyBeanMethods = false)
class FunctionalRoutes {

	@Bean
	RouterFunction<ServerResponse> routes() {
		SecondHandlers handlers = new SecondHandlers();
		return RouterFunctions.route(GET("/fn/second"), FunctionalRoutes::countSecond)
			.andRoute(GET("/fn/class-handler"), handlers::count)
			.filter(SessionHandlerFilters.useSession("sa_second"))
			.and(RouterFunctions.route(GET("/fn/main"), FunctionalRoutes::countMain)
				.filter(SessionHandlerFilters.useSession()));
	}

	static Mono<ServerResponse> countSecond(ServerRequest request) {
		return ReactiveSessions.get(request, "sa_second")
			.count(Person.class, Query.empty())
			.flatMap((count) -> ServerResponse.ok().bodyValue(count));
	}

	static Mono<ServerResponse> countMain(ServerRequest request) {
		return ReactiveSessions.get(request).count(Person.class, Query.empty())
			.flatMap((count) -> ServerResponse.ok().bodyValue(count));
	}

	static class SecondHandlers {

		Mono<ServerResponse> count(ServerRequest request) {
			return ReactiveSessions.get(request, "sa_second")
				.count(Person.class, Query.empty())
				.flatMap((count) -> ServerResponse.ok().bodyValue(count));
		}

	}

}
