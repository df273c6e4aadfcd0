package io.github.reactivesessions.benchmarks;

import java.util.Arrays;
import java.util.Locale;

/**
 * How the two applications are kept apart in the benchmark's JVM.
 */
public enum Isolation {

	/**
	 * Each side loads its own classes (see {@link SideClassLoader}): the JIT compiles
	 * each side's code for that side alone.
	 */
	CLASSLOADER,

	/**
	 * Both sides run on the benchmark's own classes and share their compiled code, as two
	 * applications in one class loader would.
	 */
	NONE;

	/**
	 * Return the class loader a side's application runs with.
	 * @param side the side
	 * @return a class loader of the side's own, or the benchmark's
	 */
	ClassLoader classLoaderFor(Side side) {
		ClassLoader benchmark = Isolation.class.getClassLoader();
		return (this == CLASSLOADER) ? new SideClassLoader(side.label(), benchmark) : benchmark;
	}

	static Isolation parse(String name) {
		return Arrays.stream(values())
			.filter((isolation) -> isolation.name().equals(name.toUpperCase(Locale.ROOT)))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException(
					"unknown isolation '" + name + "': use classloader or none"));
	}

}
