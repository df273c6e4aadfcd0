package io.github.reactivesessions.benchmarks;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

import io.github.reactivesessions.benchmarks.app.HandWrittenApplication;
import io.github.reactivesessions.benchmarks.app.StarterApplication;

/**
 * The two applications compared.
 */
enum Side {

	/**
	 * The application on the starter.
	 */
	STARTER("starter", StarterApplication.class),

	/**
	 * The same application without it, written with Spring's template and operator.
	 */
	HAND_WRITTEN("hand-written", HandWrittenApplication.class);

	private final String label;

	private final Class<?> application;

	Side(String label, Class<?> application) {
		this.label = label;
		this.application = application;
	}

	String label() {
		return this.label;
	}

	Side other() {
		return (this == STARTER) ? HAND_WRITTEN : STARTER;
	}

	/**
	 * Return the application this side runs.
	 * @param calibrate whether the run is an A/A run, where the starter's side runs the
	 * hand-written application too
	 */
	Class<?> application(boolean calibrate) {
		return calibrate ? HAND_WRITTEN.application : this.application;
	}

	/**
	 * Properties this side's application needs for a scenario, beside the common ones.
	 * @param calibrate whether the run is an A/A run
	 */
	Map<String, String> properties(Scenario scenario, boolean calibrate) {
		return (this == STARTER && !calibrate) ? scenario.starterBinds() : Map.of();
	}

	static Side parse(String label) {
		return Arrays.stream(values())
			.filter((side) -> side.label.equals(label.toLowerCase(Locale.ROOT)))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("unknown side '" + label + "': use starter or hand-written"));
	}

}
