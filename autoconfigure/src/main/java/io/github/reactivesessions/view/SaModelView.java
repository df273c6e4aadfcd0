package io.github.reactivesessions.view;

import org.springframework.util.Assert;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.server.ServerWebExchange;

/**
 * A {@link SaView} about one entity type: aiohttp-sqlalchemy's {@code SAModelView}, the host of the
 * model mixins.
 *
 * <pre class="code">
 * class OrderView extends SaModelView&lt;Order&gt;
 *         implements UnitViewMixin&lt;Order&gt;, UnitDeleteMixin&lt;Order&gt; {
 *
 *     OrderView(ServerRequest request) {
 *         super(request, Order.class);
 *     }
 *
 *     &#64;Override
 *     public Mono&lt;ServerResponse&gt; get() {
 *         return ok(selectItem());
 *     }
 *
 *     &#64;Override
 *     public Mono&lt;ServerResponse&gt; delete() {
 *         return noContent(deleteItem());
 *     }
 *
 * }
 * </pre>
 *
 * @param <T> the entity type
 * @since 0.1.0
 */
public abstract class SaModelView<T> extends SaView implements SaModelMixin<T> {

	private final Class<T> model;

	/**
	 * Create a view of a functional-endpoint request.
	 * @param request the request
	 * @param model the entity type
	 */
	protected SaModelView(ServerRequest request, Class<T> model) {
		super(request);
		Assert.notNull(model, "Model must not be null");
		this.model = model;
	}

	/**
	 * Create a view of an exchange, to use the mixins from an annotated controller method.
	 * @param exchange the exchange
	 * @param model the entity type
	 */
	protected SaModelView(ServerWebExchange exchange, Class<T> model) {
		super(exchange);
		Assert.notNull(model, "Model must not be null");
		this.model = model;
	}

	@Override
	public final Class<T> model() {
		return this.model;
	}

}
