/**
 * Transfers between accounts under contention: begin blocks that retry on deadlocks.
 */
@NullMarked
package io.github.reactivesessions.sample.accounts;

import org.jspecify.annotations.NullMarked;
