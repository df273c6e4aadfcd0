package io.github.reactivesessions.benchmarks;

/**
 * A database server the benchmark cannot reach; its scenarios are skipped with this message.
 */
final class DatabaseUnavailableException extends RuntimeException {

	DatabaseUnavailableException(String message) {
		super(message);
	}

}
