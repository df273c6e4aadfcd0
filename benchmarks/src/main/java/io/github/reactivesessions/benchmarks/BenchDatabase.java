package io.github.reactivesessions.benchmarks;

/**
 * A database namespace of the benchmark's own (an in-memory H2 database, a PostgreSQL
 * schema), created when opened and dropped when closed.
 */
interface BenchDatabase extends AutoCloseable {

	/**
	 * Short name for the table: {@code h2}, {@code postgres}.
	 */
	String name();

	/**
	 * R2DBC url of the namespace, for the applications' pools.
	 */
	String url();

	/**
	 * Create the {@code item} table afresh with {@link Scenario#SEED_ROWS} rows, ids from 1.
	 */
	void reset();

	/**
	 * Drop the namespace.
	 */
	@Override
	void close();

}
