package io.github.reactivesessions.benchmarks;

import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The outcome of one round of one side: successful requests with their latencies, failed
 * requests, and how long the round took until its last response.
 *
 * @param successes requests answered with a 2xx status
 * @param failures requests answered with another status or not answered
 * @param elapsedNanos length of the round
 * @param cpuNanos CPU time the whole process (both applications, the load generator, the
 * garbage collector) used during the round
 * @param allocatedBytes bytes the process's threads allocated during the round
 * @param latencies latencies of the successful requests in nanoseconds, sorted
 * @param firstFailure description of the first failure, if any
 */
record RoundResult(long successes, long failures, long elapsedNanos, long cpuNanos, long allocatedBytes,
		long[] latencies,
		@Nullable String firstFailure) {

	static RoundResult of(List<LatencyLog> logs, long elapsedNanos, long cpuNanos, long allocatedBytes) {
		int successes = logs.stream().mapToInt(LatencyLog::successes).sum();
		long[] latencies = new long[successes];
		int offset = 0;
		long failures = 0;
		String firstFailure = null;
		for (LatencyLog log : logs) {
			log.copyLatencies(latencies, offset);
			offset += log.successes();
			failures += log.failures();
			if (firstFailure == null) {
				firstFailure = log.firstFailure();
			}
		}
		Arrays.sort(latencies);
		return new RoundResult(successes, failures, elapsedNanos, cpuNanos, allocatedBytes, latencies, firstFailure);
	}

	/**
	 * Requests sent, successful or not.
	 */
	long requests() {
		return this.successes + this.failures;
	}

	/**
	 * Successful requests per second.
	 */
	double throughput() {
		return this.successes / (this.elapsedNanos / 1e9);
	}

	/**
	 * CPU time per request in microseconds: unlike the throughput, hardly changed by other
	 * processes competing for the cores.
	 */
	double cpuMicrosPerRequest() {
		return (requests() > 0) ? this.cpuNanos / 1e3 / requests() : Double.NaN;
	}

	/**
	 * Kilobytes allocated per request: like the CPU time, a measure of the work done that
	 * other processes do not change.
	 */
	double kilobytesPerRequest() {
		return (requests() > 0) ? this.allocatedBytes / 1024.0 / requests() : Double.NaN;
	}

	/**
	 * The latency below which the given fraction of successful requests completed, in
	 * milliseconds.
	 */
	double percentileMillis(double fraction) {
		if (this.latencies.length == 0) {
			return Double.NaN;
		}
		int index = (int) Math.ceil(fraction * this.latencies.length) - 1;
		return this.latencies[Math.max(index, 0)] / 1e6;
	}

}
