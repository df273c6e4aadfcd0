/**
 * The two applications the benchmark compares: one on the starter, one written by hand on
 * Spring's {@code TransactionalOperator} and {@code R2dbcEntityTemplate}, with the same
 * routes, pools and JSON.
 */
@NullMarked
package io.github.reactivesessions.benchmarks.app;

import org.jspecify.annotations.NullMarked;
