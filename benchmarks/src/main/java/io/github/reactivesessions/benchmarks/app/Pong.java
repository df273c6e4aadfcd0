package io.github.reactivesessions.benchmarks.app;

/**
 * The answer of the route that touches no database (S1).
 *
 * @param status always {@code "ok"}
 */
public record Pong(String status) {

	static final Pong OK = new Pong("ok");

}
