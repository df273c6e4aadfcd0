package io.github.reactivesessions.sample.books;

import java.util.stream.IntStream;

import io.github.reactivesessions.bind.Binds;
import io.github.reactivesessions.view.OffsetPaginationMixin;
import io.github.reactivesessions.view.SaModelView;
import io.github.reactivesessions.view.SaViews;
import io.github.reactivesessions.view.UnitAddMixin;
import io.github.reactivesessions.view.UnitDeleteMixin;
import io.github.reactivesessions.view.UnitEditMixin;
import io.github.reactivesessions.view.UnitViewMixin;
import reactor.core.publisher.Mono;

import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.relational.core.query.Query;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * A paginated, validated CRUD resource in a few lines: {@code GET /books?page_key=2},
 * {@code POST /books}, {@code GET|PUT|DELETE /books/{pk}}.
 */
@Configuration(proxyBeanMethods = false)
class BookRoutes {

	@Bean
	RouterFunction<ServerResponse> bookViews() {
		return SaViews.route("/books", BookListView::new).and(SaViews.route("/books/{pk}", BookView::new));
	}

	/**
	 * Twenty-five books on first start, so that the list has two pages.
	 */
	@Bean
	ApplicationRunner books(Binds binds) {
		return (arguments) -> binds.sessionFactory()
			.inTransaction((session) -> session.count(Book.class, Query.empty()).flatMap((count) -> {
				if (count == 0) {
					IntStream.rangeClosed(1, 25)
						.forEach((n) -> session.add(new Book("Volume " + n, "Author " + (n % 5), 1990 + n)));
				}
				return Mono.empty();
			}))
			.block();
	}

	static class BookListView extends SaModelView<Book>
			implements OffsetPaginationMixin<Book>, UnitAddMixin<Book>, BookValidation {

		BookListView(ServerRequest request) {
			super(request, Book.class);
		}

		@Override
		public Mono<ServerResponse> get() {
			return ok(selectPage());
		}

		@Override
		public Mono<ServerResponse> post() {
			return created(addItem());
		}

	}

	static class BookView extends SaModelView<Book>
			implements UnitViewMixin<Book>, UnitEditMixin<Book>, UnitDeleteMixin<Book>, BookValidation {

		BookView(ServerRequest request) {
			super(request, Book.class);
		}

		@Override
		public Mono<ServerResponse> get() {
			return ok(selectItem());
		}

		@Override
		public Mono<ServerResponse> put() {
			return ok(editItem());
		}

		@Override
		public Mono<ServerResponse> delete() {
			return noContent(deleteItem());
		}

	}

}
