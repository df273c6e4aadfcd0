package io.github.reactivesessions.benchmarks;

import java.util.Arrays;
import java.util.Locale;

/**
 * The databases the scenarios run on.
 */
public enum DatabaseKind {

	/**
	 * Embedded, in-memory H2.
	 */
	H2,

	/**
	 * The PostgreSQL server of {@link BenchmarkOptions#postgresUrl()}.
	 */
	POSTGRES;

	/**
	 * Create a namespace of the benchmark's own on this database.
	 * @throws DatabaseUnavailableException when the server cannot be reached
	 */
	BenchDatabase open(BenchmarkOptions options) {
		return switch (this) {
			case H2 -> new H2BenchDatabase();
			case POSTGRES -> new PostgresBenchDatabase(options.postgresUrl());
		};
	}

	static DatabaseKind parse(String name) {
		return Arrays.stream(values())
			.filter((kind) -> kind.name().equals(name.toUpperCase(Locale.ROOT)))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("unknown database '" + name + "': use h2 or postgres"));
	}

}
