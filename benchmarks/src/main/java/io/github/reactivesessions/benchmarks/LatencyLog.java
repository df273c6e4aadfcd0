package io.github.reactivesessions.benchmarks;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * What one closed-loop connection saw in a round: the latency of each successful request,
 * and the failed ones. A connection has one request in flight at a time, so its log is
 * written by one request after another, never concurrently.
 */
final class LatencyLog {

	private long[] latencies = new long[4096];

	private int successes;

	private long failures;

	private @Nullable String firstFailure;

	void success(long nanos) {
		if (this.successes == this.latencies.length) {
			this.latencies = Arrays.copyOf(this.latencies, this.latencies.length * 2);
		}
		this.latencies[this.successes++] = nanos;
	}

	void failure(String description) {
		this.failures++;
		if (this.firstFailure == null) {
			this.firstFailure = description;
		}
	}

	int successes() {
		return this.successes;
	}

	long failures() {
		return this.failures;
	}

	@Nullable String firstFailure() {
		return this.firstFailure;
	}

	void copyLatencies(long[] target, int offset) {
		System.arraycopy(this.latencies, 0, target, offset, this.successes);
	}

}
