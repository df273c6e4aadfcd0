package io.github.reactivesessions.benchmarks;

/**
 * One measured round of one route of the field application: what the load generator saw,
 * and the CPU time the application's JVM and the database's processes used meanwhile.
 *
 * @param load the load generator's result (its own CPU time and allocation are this JVM's,
 * not the application's, and are not reported)
 * @param applicationCpuNanos CPU time of the application's JVM, or -1 when unknown
 * @param databaseCpuNanos CPU time of the database server's processes, or -1 when unknown
 */
record FieldRound(RoundResult load, long applicationCpuNanos, long databaseCpuNanos) {

	double throughput() {
		return this.load.throughput();
	}

	double applicationMicrosPerRequest() {
		return perRequest(this.applicationCpuNanos);
	}

	double databaseMicrosPerRequest() {
		return perRequest(this.databaseCpuNanos);
	}

	private double perRequest(long nanos) {
		return (nanos >= 0 && this.load.requests() > 0) ? nanos / 1e3 / this.load.requests() : Double.NaN;
	}

}
