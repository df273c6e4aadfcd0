package io.github.reactivesessions.viewtest;

import java.util.Map;

import io.github.reactivesessions.view.ListAddMixin;
import io.github.reactivesessions.view.ListDeleteMixin;
import io.github.reactivesessions.view.ListEditMixin;
import io.github.reactivesessions.view.ListViewMixin;
import io.github.reactivesessions.view.OffsetPaginationMixin;
import io.github.reactivesessions.view.SaModelView;
import io.github.reactivesessions.view.SaView;
import io.github.reactivesessions.view.SaViews;
import io.github.reactivesessions.view.UnitAddMixin;
import io.github.reactivesessions.view.UnitDeleteMixin;
import io.github.reactivesessions.view.UnitEditMixin;
import io.github.reactivesessions.view.UnitViewMixin;
import io.github.reactivesessions.view.ViewException;
import io.github.reactivesessions.web.ReactiveSessions;
import io.github.reactivesessions.web.SessionNotFoundException;
import io.github.reactivesessions.web.UseSession;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.domain.Sort;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.data.relational.core.query.Query;
import org.springframework.data.relational.core.query.Update;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The views of the suite, one per mixin combination, on functional routes.
 */
@Configuration(proxyBeanMethods = false)
class ProductViews {

	@Bean
	RouterFunction<ServerResponse> productRoutes() {
		return SaViews.route("/products", ProductListView::new)
			.and(SaViews.route("/products/{pk}", ProductView::new))
			.and(SaViews.route("/product-batch", ProductBatchView::new))
			.and(SaViews.route("/small-pages", SmallPageView::new))
			.and(SaViews.route("/capped-pages", CappedPageView::new))
			.and(SaViews.route("/empty-pk{pk}", ProductView::new))
			.and(SaViews.route("/second/products", SecondProductsView::new))
			.and(SaViews.route("/second/method", SecondMethodView::new))
			.and(SaViews.route("/commit/products", CommitOnSuccessView::new))
			.and(SaViews.route("/commit/rejected", RejectedCommitOnSuccessView::new))
			.and(SaViews.route("/in-begin", InBeginView::new))
			.and(SaViews.route("/greedy/{pk}", GreedyView::new))
			.and(SaViews.route("/session-identity", SessionIdentityView::new));
	}

	/**
	 * The unit of one product: view, replace, delete. No PATCH, so a 405.
	 */
	static final class ProductView extends SaModelView<Product>
			implements UnitViewMixin<Product>, UnitEditMixin<Product>, UnitDeleteMixin<Product> {

		ProductView(ServerRequest request) {
			super(request, Product.class);
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

	/**
	 * The list of products: pages of 20, and adding one.
	 */
	static final class ProductListView extends SaModelView<Product>
			implements OffsetPaginationMixin<Product>, UnitAddMixin<Product> {

		ProductListView(ServerRequest request) {
			super(request, Product.class);
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

	/**
	 * The list mixins: every product by name, adding several, and editing or deleting those
	 * of the {@code name} parameter.
	 */
	static final class ProductBatchView extends SaModelView<Product> implements ListViewMixin<Product>,
			ListAddMixin<Product>, ListEditMixin<Product>, ListDeleteMixin<Product> {

		ProductBatchView(ServerRequest request) {
			super(request, Product.class);
		}

		@Override
		public Query selectStatement() {
			return Query.empty().sort(Sort.by("name"));
		}

		@Override
		public Query updateStatement() {
			return Query.query(Criteria.where("name").is(requiredParameter("name")));
		}

		@Override
		public Query deleteStatement() {
			return Query.query(Criteria.where("name").is(requiredParameter("name")));
		}

		@Override
		public Mono<ServerResponse> get() {
			return ok(selectItems().collectList());
		}

		@Override
		public Mono<ServerResponse> post() {
			return created(addItems());
		}

		@Override
		public Mono<ServerResponse> patch() {
			return ok(editItems(Update.update("price", Integer.valueOf(requiredParameter("price")))));
		}

		@Override
		public Mono<ServerResponse> delete() {
			return ok(deleteItems());
		}

		private String requiredParameter(String name) {
			return request().queryParam(name)
				.orElseThrow(() -> ViewException.badParameter(name, name + " is required"));
		}

	}

	/**
	 * Pages of 2, at most 3 on request.
	 */
	static final class SmallPageView extends SaModelView<Product> implements OffsetPaginationMixin<Product> {

		SmallPageView(ServerRequest request) {
			super(request, Product.class);
		}

		@Override
		public int pageSize() {
			return 2;
		}

		@Override
		public int maxPageSize() {
			return 3;
		}

		@Override
		public Mono<ServerResponse> get() {
			return ok(selectPage());
		}

	}

	/**
	 * A page size above its maximum, so capped.
	 */
	static final class CappedPageView extends SaModelView<Product> implements OffsetPaginationMixin<Product> {

		CappedPageView(ServerRequest request) {
			super(request, Product.class);
		}

		@Override
		public int pageSize() {
			return 50;
		}

		@Override
		public int maxPageSize() {
			return 5;
		}

		@Override
		public Mono<ServerResponse> get() {
			return ok(selectPage());
		}

	}

	/**
	 * A view of the middleware=false bind, named on the class: it opens the bind and is the
	 * view's session().
	 */
	@UseSession("sa_second")
	static final class SecondProductsView extends SaModelView<Product> implements ListViewMixin<Product> {

		SecondProductsView(ServerRequest request) {
			super(request, Product.class);
		}

		@Override
		public Mono<ServerResponse> get() {
			return ok(selectItems().map(Product::getName).collectList());
		}

	}

	/**
	 * A view opening the middleware=false bind for one method only.
	 */
	static final class SecondMethodView extends SaView {

		SecondMethodView(ServerRequest request) {
			super(request);
		}

		@Override
		@UseSession("sa_second")
		public Mono<ServerResponse> get() {
			return ok(session("sa_second").count(Product.class, Query.empty()));
		}

		@Override
		public Mono<ServerResponse> post() {
			return ok(session("sa_second").count(Product.class, Query.empty()));
		}

	}

	/**
	 * Adding through the commit-on-success bind: the filter commits.
	 */
	static final class CommitOnSuccessView extends SaModelView<Product> implements UnitAddMixin<Product> {

		CommitOnSuccessView(ServerRequest request) {
			super(request, Product.class);
		}

		@Override
		protected @Nullable String sessionKey() {
			return "sa_commit";
		}

		@Override
		public Mono<ServerResponse> post() {
			return created(addItem());
		}

	}

	/**
	 * Adding through the commit-on-success bind, then answering a 4xx: the filter rolls back.
	 */
	static final class RejectedCommitOnSuccessView extends SaModelView<Product> implements UnitAddMixin<Product> {

		RejectedCommitOnSuccessView(ServerRequest request) {
			super(request, Product.class);
		}

		@Override
		protected @Nullable String sessionKey() {
			return "sa_commit";
		}

		@Override
		public Mono<ServerResponse> post() {
			return addItem().then(ServerResponse.status(HttpStatus.UNPROCESSABLE_CONTENT).build());
		}

	}

	/**
	 * Adding inside the view's own begin block, which then fails: the add is rolled back with
	 * it.
	 */
	static final class InBeginView extends SaModelView<Product> implements UnitAddMixin<Product> {

		InBeginView(ServerRequest request) {
			super(request, Product.class);
		}

		@Override
		public Mono<ServerResponse> post() {
			return session().begin((session) -> addItem()
				.then(Mono.error(ViewException.badBody("rejected after the add"))));
		}

	}

	/**
	 * Unit statements overridden without their primary key: they match every row and must
	 * not be committed.
	 */
	static final class GreedyView extends SaModelView<Product>
			implements UnitEditMixin<Product>, UnitDeleteMixin<Product> {

		GreedyView(ServerRequest request) {
			super(request, Product.class);
		}

		@Override
		public Query updateStatement() {
			return Query.empty();
		}

		@Override
		public Query deleteStatement() {
			return Query.empty();
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

	/**
	 * aiohttp-sqlalchemy's test_sa_session: the view's session is the request's, and an unknown key is
	 * refused.
	 */
	static final class SessionIdentityView extends SaView {

		SessionIdentityView(ServerRequest request) {
			super(request);
		}

		@Override
		public Mono<ServerResponse> get() {
			boolean unknownKeyRefused;
			try {
				session("wrong key");
				unknownKeyRefused = false;
			}
			catch (SessionNotFoundException ex) {
				unknownKeyRefused = true;
			}
			return ok(Mono.just(Map.of("same", session() == ReactiveSessions.get(request()), "key", session().key(),
					"unknownKeyRefused", unknownKeyRefused)));
		}

	}

}
