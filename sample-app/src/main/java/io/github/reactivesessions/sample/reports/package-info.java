/**
 * A path-scoped bind under a nested router: aiohttp-sqlalchemy's nested applications.
 */
@NullMarked
package io.github.reactivesessions.sample.reports;

import org.jspecify.annotations.NullMarked;
