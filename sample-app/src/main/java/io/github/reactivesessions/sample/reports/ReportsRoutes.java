package io.github.reactivesessions.sample.reports;

import java.util.Map;

import io.github.reactivesessions.sample.orders.PurchaseOrder;
import io.github.reactivesessions.sample.quickstart.MyModel;
import io.github.reactivesessions.session.ReactiveSession;
import io.github.reactivesessions.web.ReactiveSessions;
import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.relational.core.query.Query;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RequestPredicates.path;

/**
 * aiohttp-sqlalchemy's nested applications: a router nested under {@code /reports}, whose bind
 * {@code sa_reports} (read-only, {@code paths: /reports/**}) the filter opens only there.
 */
@Configuration(proxyBeanMethods = false)
class ReportsRoutes {

	@Bean
	RouterFunction<ServerResponse> reportsRouter() {
		return RouterFunctions.nest(path("/reports"), RouterFunctions.route(GET("/summary"), ReportsRoutes::summary));
	}

	private static Mono<ServerResponse> summary(ServerRequest request) {
		ReactiveSession reports = ReactiveSessions.get(request, "sa_reports");
		return Mono.zip(reports.count(MyModel.class, Query.empty()), reports.count(PurchaseOrder.class, Query.empty()))
			.flatMap((counts) -> ServerResponse.ok()
				.bodyValue(Map.of("rows", counts.getT1(), "orders", counts.getT2(), "read_only", reports.isReadOnly())));
	}

}
