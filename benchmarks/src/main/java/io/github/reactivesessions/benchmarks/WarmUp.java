package io.github.reactivesessions.benchmarks;

import java.util.List;

/**
 * When a side's warm-up is over: after at least {@value #MIN_SLICES} slices, as soon as two
 * slices in a row ran no more than 5 % faster than the fastest slice before them (the JIT
 * has compiled what the scenario runs; one slow slice, a collection or a compilation taking
 * a core, does not end it), and after {@value #MAX_SLICES} slices at most.
 *
 * <p>Why not a fixed length: each side compiles its own classes, and the first scenario that
 * queries the database compiles the whole database path for the first time. With a fixed
 * warm-up, that scenario's first measured round ran at a third of its later speed.
 */
final class WarmUp {

	/**
	 * Slices of every warm-up: the {@code warmup} option is their total.
	 */
	static final int MIN_SLICES = 3;

	/**
	 * Slices at most, whatever the throughput does.
	 */
	static final int MAX_SLICES = 12;

	/**
	 * A slice this much faster than every slice before shows that the side still speeds up.
	 */
	private static final double SPEEDING_UP = 1.05;

	private WarmUp() {
	}

	/**
	 * Return whether a side needs another warm-up slice.
	 * @param slices the side's warm-up slices so far
	 * @return {@code true} to run another one
	 */
	static boolean needsAnotherSlice(List<RoundResult> slices) {
		int count = slices.size();
		if (count < MIN_SLICES) {
			return true;
		}
		if (count >= MAX_SLICES) {
			return false;
		}
		double fastestBefore = 0;
		for (RoundResult slice : slices.subList(0, count - 2)) {
			fastestBefore = Math.max(fastestBefore, slice.throughput());
		}
		double threshold = fastestBefore * SPEEDING_UP;
		return slices.get(count - 2).throughput() > threshold || slices.get(count - 1).throughput() > threshold;
	}

}
