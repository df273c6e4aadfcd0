/**
 * Web layer: {@link io.github.reactivesessions.web.SessionWebFilter} opens a lazy session per
 * bind for each request (aiohttp-sqlalchemy's {@code sa_middleware}),
 * {@link io.github.reactivesessions.web.UseSession @UseSession} and
 * {@link io.github.reactivesessions.web.SessionHandlerFilters} open them for one handler
 * (aiohttp-sqlalchemy's {@code sa_decorator}), and {@link io.github.reactivesessions.web.ReactiveSessions}
 * gives access to them (aiohttp-sqlalchemy's {@code get_session}).
 */
@NullMarked
package io.github.reactivesessions.web;

import org.jspecify.annotations.NullMarked;
