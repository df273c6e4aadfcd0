/**
 * A commit-on-success bind: the request is the unit of work.
 */
@NullMarked
package io.github.reactivesessions.sample.orders;

import org.jspecify.annotations.NullMarked;
