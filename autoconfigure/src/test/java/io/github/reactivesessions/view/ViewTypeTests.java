package io.github.reactivesessions.view;

import io.github.reactivesessions.web.UseSession;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ViewType}.
 */
class ViewTypeTests {

	@Test
	void answersTheMethodsTheViewOverridesAndOptions() {
		ViewType type = ViewType.of(ReadDeleteView.class);
		assertThat(type.allowed()).containsExactly(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.DELETE,
				HttpMethod.OPTIONS);
		assertThat(type.handler(HttpMethod.GET)).isNotNull();
		assertThat(type.handler(HttpMethod.HEAD)).isSameAs(type.handler(HttpMethod.GET));
		assertThat(type.handler(HttpMethod.DELETE)).isNotNull();
		assertThat(type.handler(HttpMethod.POST)).isNull();
		assertThat(type.handler(HttpMethod.TRACE)).isNull();
		assertThat(type.handler(HttpMethod.valueOf("PROPFIND"))).isNull();
	}

	@Test
	void overridesAreFoundThroughIntermediateClasses() {
		assertThat(ViewType.of(SubclassView.class).allowed()).containsExactly(HttpMethod.GET, HttpMethod.HEAD,
				HttpMethod.POST, HttpMethod.DELETE, HttpMethod.OPTIONS);
	}

	@Test
	void viewWithoutHandlersAnswersOnlyOptions() {
		assertThat(ViewType.of(EmptyView.class).allowed()).containsExactly(HttpMethod.OPTIONS);
	}

	@Test
	void useSessionOfTheClassAndOfTheMethodAreOpenedTogether() {
		ViewType type = ViewType.of(AnnotatedView.class);
		assertThat(type.handler(HttpMethod.GET).keys()).containsExactly("sa_second");
		assertThat(type.handler(HttpMethod.POST).keys()).containsExactly("sa_second", "sa_third");
		assertThat(type.sessionKey()).isEqualTo("sa_second");
	}

	@Test
	void useSessionWithoutKeyStandsForTheDefaultKey() {
		ViewType type = ViewType.of(DefaultKeyView.class);
		assertThat(type.handler(HttpMethod.GET).keys()).containsExactly("");
		assertThat(type.sessionKey()).isNull();
		assertThat(ViewType.of(ReadDeleteView.class).handler(HttpMethod.GET).keys()).isEmpty();
		assertThat(ViewType.of(ReadDeleteView.class).sessionKey()).isNull();
	}

	static class ReadDeleteView extends SaView {

		ReadDeleteView(ServerRequest request) {
			super(request);
		}

		@Override
		public Mono<ServerResponse> get() {
			return ServerResponse.ok().build();
		}

		@Override
		public Mono<ServerResponse> delete() {
			return ServerResponse.noContent().build();
		}

	}

	static class SubclassView extends ReadDeleteView {

		SubclassView(ServerRequest request) {
			super(request);
		}

		@Override
		public Mono<ServerResponse> post() {
			return ServerResponse.ok().build();
		}

	}

	static class EmptyView extends SaView {

		EmptyView(ServerRequest request) {
			super(request);
		}

	}

	@UseSession("sa_second")
	static class AnnotatedView extends SaView {

		AnnotatedView(ServerRequest request) {
			super(request);
		}

		@Override
		public Mono<ServerResponse> get() {
			return ServerResponse.ok().build();
		}

		@Override
		@UseSession("sa_third")
		public Mono<ServerResponse> post() {
			return ServerResponse.ok().build();
		}

	}

	static class DefaultKeyView extends SaView {

		DefaultKeyView(ServerRequest request) {
			super(request);
		}

		@Override
		@UseSession
		public Mono<ServerResponse> get() {
			return ServerResponse.ok().build();
		}

	}

}
