/**
 * The application of the contention benchmark: money transfers among a few accounts, in a
 * {@code begin} block that retries its transient failures and in one that runs once.
 */
@NullMarked
package io.github.reactivesessions.benchmarks.contention;

import org.jspecify.annotations.NullMarked;
