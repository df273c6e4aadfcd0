package io.github.reactivesessions.bind;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;

import io.r2dbc.spi.Readable;
import io.r2dbc.spi.RowMetadata;
import org.jspecify.annotations.Nullable;

/**
 * The statements that ask a replica how far behind it is, and how their answers read.
 */
final class ReplicaLag {

	/**
	 * Zero on a server that is not in recovery or has replayed all it received; otherwise
	 * the time since the last transaction it replayed committed on the primary. (A replay
	 * that stopped while nothing was sent is not behind.)
	 */
	static final String POSTGRESQL = "SELECT CASE WHEN NOT pg_is_in_recovery() THEN 0 "
			+ "WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 "
			+ "ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) END";

	/**
	 * No row on a server that replicates from none; MariaDB names its column
	 * {@code Seconds_Behind_Master}, MySQL 8 {@code Seconds_Behind_Source}.
	 */
	static final String MYSQL = "SHOW REPLICA STATUS";

	private ReplicaLag() {
	}

	static double seconds(@Nullable Object value) {
		if (value instanceof Number number) {
			return number.doubleValue();
		}
		return (value != null) ? new BigDecimal(value.toString()).doubleValue() : 0;
	}

	static double mysqlSeconds(Readable row, RowMetadata metadata) {
		for (String column : new String[] { "Seconds_Behind_Source", "Seconds_Behind_Master" }) {
			if (metadata.contains(column)) {
				Object value = row.get(column);
				if (value == null) {
					// Replication is not running: as far behind as can be.
					return Double.MAX_VALUE;
				}
				return seconds(value);
			}
		}
		return 0;
	}

	static Duration duration(double seconds) {
		return (seconds >= Long.MAX_VALUE / 1_000_000_000L) ? Duration.ofSeconds(Long.MAX_VALUE / 1_000_000_000L)
				: Duration.ofNanos((long) (seconds * 1_000_000_000L));
	}

	static String describe(Duration duration) {
		return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
	}

}
