/**
 * Class-based views, aiohttp-sqlalchemy's {@code SABaseView} and {@code SAModelView} with their
 * mixins: {@link io.github.reactivesessions.view.SaViews#route SaViews.route} creates a
 * {@link io.github.reactivesessions.view.SaView} per request and dispatches on the HTTP
 * method; mixins such as {@link io.github.reactivesessions.view.UnitViewMixin} and
 * {@link io.github.reactivesessions.view.OffsetPaginationMixin} add statements restricted
 * by primary key, writes and offset pagination, also from annotated controllers. Bad input
 * is answered with a {@link io.github.reactivesessions.view.ViewException} problem detail.
 */
@NullMarked
package io.github.reactivesessions.view;

import org.jspecify.annotations.NullMarked;
