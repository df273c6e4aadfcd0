/**
 * Routed sessions, entities' binds and per-bind create-all, against a real application.
 */
@NullMarked
package io.github.reactivesessions.routedtest;

import org.jspecify.annotations.NullMarked;
