package io.github.reactivesessions.view;

import java.util.function.Function;

import org.springframework.util.Assert;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Routes requests to {@link SaView class-based views}: aiohttp-sqlalchemy's
 * {@code app.add_routes([web.view(path, View)])}.
 *
 * <pre class="code">
 * &#64;Bean
 * RouterFunction&lt;ServerResponse&gt; orderRoutes() {
 *     return SaViews.route("/orders", OrderListView::new)
 *         .and(SaViews.route("/orders/{pk}", OrderView::new));
 * }
 * </pre>
 *
 * <p>For every request whose path matches, whatever its method, a new view is created from
 * the request and the method is dispatched to the view's {@code get()}, {@code post()},
 * {@code put()}, {@code patch()} or {@code delete()} when the view overrides it ({@code HEAD}
 * to {@code get()}). {@code OPTIONS} is answered with the {@code Allow} header, and other
 * methods with a 405 and that header. A {@link io.github.reactivesessions.web.UseSession
 * &#64;UseSession} on the view class or the handler method opens those sessions for the
 * request, as {@link io.github.reactivesessions.web.SessionHandlerFilters#useSession} does.
 * A {@link ViewException} from the view is written as its problem detail.
 *
 * @since 0.1.0
 */
public final class SaViews {

	private SaViews() {
	}

	/**
	 * Route the requests matching a path pattern to views created by the given factory.
	 * @param pattern the path pattern, such as {@code /orders/{pk}}
	 * @param factory creates the view of a request, usually the view's constructor
	 * @return the router function
	 */
	public static RouterFunction<ServerResponse> route(String pattern,
			Function<ServerRequest, ? extends SaView> factory) {
		Assert.hasText(pattern, "Pattern must not be empty");
		Assert.notNull(factory, "Factory must not be null");
		return RouterFunctions.route(RequestPredicates.path(pattern), new ViewHandler(factory));
	}

}
