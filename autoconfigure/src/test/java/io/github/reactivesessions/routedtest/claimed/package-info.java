/**
 * Entities of the second bind by package.
 */
@NullMarked
package io.github.reactivesessions.routedtest.claimed;

import org.jspecify.annotations.NullMarked;
