/**
 * Side-by-side benchmark of the starter against hand-written code: starts both
 * applications in-process, drives them in alternating rounds and prints a Markdown table.
 */
@NullMarked
package io.github.reactivesessions.benchmarks;

import org.jspecify.annotations.NullMarked;
