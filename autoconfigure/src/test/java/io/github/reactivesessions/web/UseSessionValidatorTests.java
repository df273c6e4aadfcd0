package io.github.reactivesessions.web;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.github.reactivesessions.autoconfigure.ReactiveSessionsAutoConfiguration;
import io.github.reactivesessions.autoconfigure.ReactiveSessionsWebAutoConfiguration;
import io.github.reactivesessions.session.ReactiveSession;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link UseSessionValidator}: the startup check of every {@code @UseSession}
 * and handler session parameter, in an application with the web auto-configuration, and
 * the explanation {@link InvalidUseSessionFailureAnalyzer} gives of each mistake.
 */
class UseSessionValidatorTests {

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ReactiveSessionsAutoConfiguration.class,
				ReactiveSessionsWebAutoConfiguration.class, WebFluxAutoConfiguration.class, AopAutoConfiguration.class))
		.withPropertyValues("sa.binds.sa_main.url=" + h2(), "sa.binds.sa_second.url=" + h2(),
				"sa.binds.sa_second.middleware=false");

	private static String h2() {
		return "r2dbc:h2:mem:///" + UUID.randomUUID() + "?options=DB_CLOSE_DELAY=-1";
	}

	@Test
	void useSessionWithAnUnknownKeyFailsStartup() {
		this.runner.withBean(UnknownKeyController.class)
			.run((context) -> assertFailure(context.getStartupFailure(),
					"@UseSession(\"sa_nope\") on UnknownKeyController.handle(..) names no bind; the binds are sa_main, "
							+ "sa_second.",
					"Name a configured bind in @UseSession or @SessionKey on UnknownKeyController.handle(..), or "
							+ "configure a bind with the key 'sa_nope' (sa.binds.sa_nope.url)."));
	}

	@Test
	void useSessionOnANonReactiveMethodFailsStartup() {
		this.runner.withBean(BlockingService.class)
			.run((context) -> assertFailure(context.getStartupFailure(),
					"@UseSession on BlockingService.count(..), which returns long: the session lives as long as the "
							+ "method's publisher, so the method must return a Mono or Flux (in Kotlin: be a suspend fun "
							+ "or return a Flow).",
					"Return a Mono or Flux from BlockingService.count(..) (in Kotlin: make it a suspend fun, or "
							+ "return a Flow), or open a session in the method with "
							+ "Binds.sessionFactory(key).withSession(...)."));
	}

	@Test
	void useSessionOnAMethodReturningAnEagerFutureFailsStartup() {
		this.runner.withBean(FutureService.class)
			.run((context) -> assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
				.isInstanceOf(InvalidUseSessionException.class)
				.hasMessageStartingWith("@UseSession on FutureService.count(..), which returns CompletableFuture"));
	}

	@Test
	void useSessionOnAHandlerForAKeyTheFilterOpensEverywhereFailsStartup() {
		this.runner.withBean(AlwaysOpenController.class)
			.run((context) -> assertFailure(context.getStartupFailure(),
					"@UseSession(\"sa_main\") on the handler AlwaysOpenController.handle(..) opens a session the web "
							+ "filter already opens for every request.",
					"Remove @UseSession(\"sa_main\") from AlwaysOpenController.handle(..), since its requests already "
							+ "have that session; or set sa.binds.sa_main.middleware=false (or sa.binds.sa_main.paths) so "
							+ "that only annotated handlers open it."));
	}

	@Test
	void useSessionOnAHandlerInsideThePathsWhereTheFilterOpensTheKeyFailsStartup() {
		this.runner.withPropertyValues("sa.binds.sa_reports.url=" + h2(), "sa.binds.sa_reports.paths=/reports/**")
			.withBean(ReportsController.class)
			.run((context) -> assertFailure(context.getStartupFailure(),
					"@UseSession(\"sa_reports\") on the handler ReportsController.summary(..), mapped to "
							+ "/reports/summary, opens a session the web filter already opens there (sa.binds.sa_reports.paths "
							+ "[/reports/**], exclude-paths []).",
					"Remove @UseSession(\"sa_reports\") from ReportsController.summary(..), since its requests already "
							+ "have that session; or set sa.binds.sa_reports.middleware=false (or sa.binds.sa_reports.paths) "
							+ "so that only annotated handlers open it."));
	}

	@Test
	void useSessionOnAHandlerOutsideThePathsOfTheKeyIsFine() {
		this.runner.withPropertyValues("sa.binds.sa_reports.url=" + h2(), "sa.binds.sa_reports.paths=/other/**")
			.withBean(ReportsController.class)
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void sessionParameterOfAKeyNobodyOpensFailsStartup() {
		this.runner.withBean(UnopenedParameterController.class)
			.run((context) -> assertFailure(context.getStartupFailure(),
					"The @SessionKey(\"sa_second\") ReactiveSession parameter of UnopenedParameterController.handle(..) "
							+ "asks for a session nobody opens: bind 'sa_second' has middleware=false, and the handler has "
							+ "no @UseSession(\"sa_second\").",
					"Annotate UnopenedParameterController.handle(..) with @UseSession(\"sa_second\") so that it opens "
							+ "the session, or let the web filter open it for the handler "
							+ "(sa.binds.sa_second.middleware=true, with paths that include the handler's)."));
	}

	@Test
	void sessionParameterOfAKeyTheFilterOpensElsewhereFailsStartup() {
		this.runner.withPropertyValues("sa.binds.sa_reports.url=" + h2(), "sa.binds.sa_reports.paths=/reports/**")
			.withBean(ElsewhereParameterController.class)
			.run((context) -> assertFailure(context.getStartupFailure(),
					"The @SessionKey(\"sa_reports\") ReactiveSession parameter of ElsewhereParameterController.handle(..), "
							+ "mapped to /orders/recent, asks for a session the web filter does not open there "
							+ "(sa.binds.sa_reports.paths [/reports/**], exclude-paths []), and the handler has no "
							+ "@UseSession(\"sa_reports\").",
					"Annotate ElsewhereParameterController.handle(..) with @UseSession(\"sa_reports\") so that it opens "
							+ "the session, or let the web filter open it for the handler "
							+ "(sa.binds.sa_reports.middleware=true, with paths that include the handler's)."));
	}

	@Test
	void handlersMappedByPatternsOrWithoutAPathOfTheirOwnAreFine() {
		this.runner.withPropertyValues("sa.binds.sa_books.url=" + h2(), "sa.binds.sa_books.paths=/books",
				"sa.binds.sa_api.url=" + h2(), "sa.binds.sa_api.paths=/api/**")
			.withBean(BooksController.class)
			.withBean(PatternController.class)
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void sessionParameterOfAnUnknownKeyFailsStartup() {
		this.runner.withBean(UnknownParameterController.class)
			.run((context) -> assertFailure(context.getStartupFailure(),
					"The @SessionKey(\"sa_nope\") ReactiveSession parameter of UnknownParameterController.handle(..) "
							+ "names no bind; the binds are sa_main, sa_second.",
					"Name a configured bind in @UseSession or @SessionKey on UnknownParameterController.handle(..), or "
							+ "configure a bind with the key 'sa_nope' (sa.binds.sa_nope.url)."));
	}

	@Test
	void sessionParametersOpenedByTheFilterOrTheHandlerAreFine() {
		this.runner.withPropertyValues("sa.binds.sa_reports.url=" + h2(), "sa.binds.sa_reports.paths=/reports/**")
			.withBean(OpenedParametersController.class)
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void useSessionOnAServiceForAFilterKeyIsFine() {
		this.runner.withBean(MainService.class).run((context) -> assertThat(context).hasNotFailed());
	}

	private static void assertFailure(Throwable failure, String description, String action) {
		assertThat(failure).isNotNull();
		assertThat(NestedExceptionUtils.getMostSpecificCause(failure))
			.isInstanceOf(InvalidUseSessionException.class);
		FailureAnalysis analysis = new InvalidUseSessionFailureAnalyzer().analyze(failure);
		assertThat(analysis.getDescription()).isEqualTo(description);
		assertThat(analysis.getAction()).isEqualTo(action);
	}

	@RestController
	static class UnknownKeyController {

		@UseSession("sa_nope")
		@GetMapping("/unknown")
		Mono<String> handle() {
			return Mono.just("x");
		}

	}

	static class BlockingService {

		@UseSession("sa_second")
		public long count() {
			return 0;
		}

	}

	static class FutureService {

		// Running before a session could open: not deferred, unlike a Mono or a Kotlin Flow.
		@UseSession("sa_second")
		public CompletableFuture<Long> count() {
			return CompletableFuture.completedFuture(0L);
		}

	}

	@RestController
	static class AlwaysOpenController {

		@UseSession
		@GetMapping("/always")
		Mono<String> handle() {
			return Mono.just("x");
		}

	}

	@RestController
	@RequestMapping("/reports")
	static class ReportsController {

		@UseSession("sa_reports")
		@GetMapping("/summary")
		Mono<String> summary() {
			return Mono.just("x");
		}

	}

	@RestController
	static class UnopenedParameterController {

		@GetMapping("/unopened")
		Mono<String> handle(@SessionKey("sa_second") ReactiveSession session) {
			return Mono.just("x");
		}

	}

	@RestController
	static class ElsewhereParameterController {

		@GetMapping("/orders/recent")
		Mono<String> handle(@SessionKey("sa_reports") ReactiveSession session) {
			return Mono.just("x");
		}

	}

	@RestController
	@RequestMapping("/books")
	static class BooksController {

		@GetMapping
		Mono<String> list(@SessionKey("sa_books") ReactiveSession books) {
			return Mono.just("x");
		}

	}

	@RestController
	@RequestMapping("api")
	static class PatternController {

		@GetMapping("/items")
		Mono<String> items(@SessionKey("sa_api") ReactiveSession api) {
			return Mono.just("x");
		}

		@GetMapping("/{id:[0-9]+}")
		Mono<String> item(@SessionKey("sa_api") ReactiveSession api) {
			return Mono.just("x");
		}

	}

	@RestController
	static class UnknownParameterController {

		@GetMapping("/unknown-parameter")
		Mono<String> handle(@SessionKey("sa_nope") ReactiveSession session) {
			return Mono.just("x");
		}

	}

	@RestController
	@UseSession("sa_second")
	static class OpenedParametersController {

		@GetMapping("/reports/{id}")
		Mono<String> reports(@SessionKey("sa_reports") ReactiveSession reports, ReactiveSession main) {
			return Mono.just("x");
		}

		@GetMapping("/second")
		public Mono<String> second(@SessionKey("sa_second") ReactiveSession second) {
			return Mono.just("x");
		}

	}

	static class MainService {

		@UseSession
		public Mono<String> work() {
			return Mono.just("x");
		}

	}

}
