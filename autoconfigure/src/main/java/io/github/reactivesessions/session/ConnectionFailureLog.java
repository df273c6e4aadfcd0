package io.github.reactivesessions.session;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Logs the connection failures of one bind at WARN, one line per kind of failure every ten
 * seconds at most, saying how many like it were not logged since: a database that goes
 * away fails every request at once, and an operator needs to see which bind and why, not
 * thousands of lines. The stack trace is logged at DEBUG.
 *
 * <p>Written here rather than left to the logging framework (Logback's
 * {@code DuplicateMessageFilter}, Log4j's {@code BurstFilter}): those are the
 * application's to configure, and these lines must stay few without it.
 */
final class ConnectionFailureLog {

	private static final Log logger = LogFactory.getLog(ConnectionFailureLog.class);

	static final long INTERVAL_NANOS = 10_000_000_000L;

	private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();

	/**
	 * Log a failure, unless one of the same kind was logged less than ten seconds ago.
	 * @param kind what failed, such as {@code "no connection"}
	 * @param failure the exception whose message names the bind and the cause
	 */
	void warn(String kind, Throwable failure) {
		if (!logger.isWarnEnabled()) {
			return;
		}
		long skipped = this.windows.computeIfAbsent(kind, (name) -> new Window()).pass(System.nanoTime());
		if (skipped < 0) {
			return;
		}
		String message = String.valueOf(failure.getMessage());
		logger.warn((skipped > 0) ? message + " (" + skipped + " more like it in the last 10 s were not logged)"
				: message);
		if (logger.isDebugEnabled()) {
			logger.debug("Cause of: " + message, failure);
		}
	}

	/**
	 * Ten seconds of failures of one kind: the first is logged, the others counted.
	 */
	private static final class Window {

		private final AtomicLong start = new AtomicLong(Long.MIN_VALUE);

		private final AtomicLong skipped = new AtomicLong();

		/**
		 * @return how many were not logged before this one, or -1 when this one is not
		 * logged either
		 */
		long pass(long now) {
			long started = this.start.get();
			if (started != Long.MIN_VALUE && now - started < INTERVAL_NANOS) {
				this.skipped.incrementAndGet();
				return -1;
			}
			if (!this.start.compareAndSet(started, now)) {
				this.skipped.incrementAndGet();
				return -1;
			}
			return this.skipped.getAndSet(0);
		}

	}

}
