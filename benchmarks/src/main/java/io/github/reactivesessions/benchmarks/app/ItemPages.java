package io.github.reactivesessions.benchmarks.app;

import io.github.reactivesessions.view.OffsetPaginationMixin;
import io.github.reactivesessions.view.SaModelView;

import org.springframework.web.server.ServerWebExchange;

/**
 * The page of 20 with its total on the starter's side: the pagination mixin, from a
 * controller. Its page size is {@link Page#SIZE} and it orders by the {@code @Id}, as the
 * hand-written pages do.
 */
public final class ItemPages extends SaModelView<Item> implements OffsetPaginationMixin<Item> {

	/**
	 * Create the view of one request.
	 * @param exchange the request's exchange, whose session and {@code page_key} it uses
	 */
	public ItemPages(ServerWebExchange exchange) {
		super(exchange, Item.class);
	}

	@Override
	public int pageSize() {
		return Page.SIZE;
	}

}
