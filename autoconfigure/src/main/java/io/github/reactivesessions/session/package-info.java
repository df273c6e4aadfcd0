/**
 * Sessions: {@link io.github.reactivesessions.session.ReactiveSession}, a unit of work over
 * one connection of a bind, and {@link io.github.reactivesessions.session.ReactiveSessionFactory}
 * which opens them. Knows nothing of the web or of Spring Boot.
 */
@NullMarked
package io.github.reactivesessions.session;

import org.jspecify.annotations.NullMarked;
