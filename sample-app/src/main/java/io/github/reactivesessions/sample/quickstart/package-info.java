/**
 * aiohttp-sqlalchemy's quickstart: a model with a pk and a timestamp, on the default bind.
 */
@NullMarked
package io.github.reactivesessions.sample.quickstart;

import org.jspecify.annotations.NullMarked;
