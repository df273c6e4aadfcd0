/**
 * A routed session across two binds.
 */
@NullMarked
package io.github.reactivesessions.sample.routed;

import org.jspecify.annotations.NullMarked;
