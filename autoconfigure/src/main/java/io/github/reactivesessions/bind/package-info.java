/**
 * Binds: keyed databases, each a pooled connection factory with a
 * {@link io.github.reactivesessions.session.ReactiveSessionFactory}, and the
 * {@link io.github.reactivesessions.bind.Binds} registry (aiohttp-sqlalchemy's {@code bind(...)} and
 * {@code setup(app, binds)}). Knows nothing of the web or of Spring Boot.
 */
@NullMarked
package io.github.reactivesessions.bind;

import org.jspecify.annotations.NullMarked;
