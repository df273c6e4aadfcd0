/**
 * Two binds: aiohttp-sqlalchemy's decorating handlers, a functional endpoint and a repository on the second bind.
 */
@NullMarked
package io.github.reactivesessions.sample.second;

import org.jspecify.annotations.NullMarked;
