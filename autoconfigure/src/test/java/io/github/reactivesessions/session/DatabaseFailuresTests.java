package io.github.reactivesessions.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;

import io.r2dbc.spi.R2dbcBadGrammarException;
import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTimeoutException;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DatabaseFailures}: what each driver's way of reporting a failure means.
 */
class DatabaseFailuresTests {

	@Test
	void brokenConnectionsAreLost() {
		assertThat(DatabaseFailures.isConnectionLost(new DataAccessResourceFailureException("R2DBC commit",
				new R2dbcNonTransientResourceException("reset", new IOException("Connection reset by peer"))))).isTrue();
		// pg_terminate_backend, idle_session_timeout; MySQL's KILL of the connection.
		assertThat(DatabaseFailures.isConnectionLost(new R2dbcNonTransientResourceException("terminating", "57P01"))).isTrue();
		assertThat(DatabaseFailures.isConnectionLost(new R2dbcNonTransientResourceException("idle", "57P05"))).isTrue();
		assertThat(DatabaseFailures.isConnectionLost(new R2dbcNonTransientResourceException("killed", "70100", 1927)))
			.isTrue();
		assertThat(DatabaseFailures.isConnectionLost(new R2dbcNonTransientResourceException("gone", "08006"))).isTrue();
		// r2dbc-mysql's request queue on a reset connection.
		assertThat(DatabaseFailures.isConnectionLost(new IllegalStateException("Request queue was disposed"))).isTrue();
	}

	@Test
	void failuresOnAConnectionThatStaysAreNotLost() {
		// MySQL's KILL QUERY and max_statement_time share 70100 with a killed connection.
		assertThat(DatabaseFailures.isConnectionLost(new R2dbcNonTransientResourceException("interrupted", "70100", 1317)))
			.isFalse();
		assertThat(DatabaseFailures.isConnectionLost(new R2dbcNonTransientResourceException("protocol", "08P01"))).isFalse();
		assertThat(DatabaseFailures.isConnectionLost(new R2dbcBadGrammarException("syntax", "42601"))).isFalse();
		// An application's own I/O says nothing of its database connection.
		assertThat(DatabaseFailures.isConnectionLost(new UncheckedIOException(new IOException("disk full")))).isFalse();
		assertThat(DatabaseFailures.isConnectionLost(new IllegalStateException(new ConnectException("refused")))).isFalse();
	}

	@Test
	void aConnectionThatCouldNotBeHadIsUnavailable() {
		// r2dbc-mysql fails a refused connection with netty's ConnectException itself.
		assertThat(DatabaseFailures.isUnavailable(new ConnectException("Connection refused"))).isTrue();
		assertThat(DatabaseFailures.isUnavailable(new R2dbcTimeoutException("pool exhausted"))).isTrue();
		assertThat(DatabaseFailures.isUnavailable(new R2dbcBadGrammarException("syntax", "42601"))).isFalse();
		assertThat(DatabaseFailures.isUnavailable(null)).isFalse();
	}

	@Test
	void valuesTheirColumnCannotHoldAreToldFromOtherDataExceptions() {
		assertThat(DatabaseFailures.isValueOutOfColumn(new R2dbcBadGrammarException("value too long", "22001"))).isTrue();
		assertThat(DatabaseFailures.isValueOutOfColumn(new R2dbcBadGrammarException("invalid byte", "22021"))).isTrue();
		assertThat(DatabaseFailures.isValueOutOfColumn(new R2dbcNonTransientResourceException("Incorrect string value",
				"HY000", 1366))).isTrue();
		// MariaDB's "BIGINT value is out of range in ..." of balance + amount, under HY000.
		assertThat(DatabaseFailures.isValueOutOfColumn(new R2dbcNonTransientResourceException("BIGINT value is out of range",
				"HY000", 1690))).isTrue();
		assertThat(DatabaseFailures.isValueOutOfColumn(new R2dbcBadGrammarException("division by zero", "22012"))).isFalse();
		assertThat(DatabaseFailures.isValueOutOfColumn(new R2dbcBadGrammarException("syntax", "42601"))).isFalse();
		assertThat(DatabaseFailures.isValueOutOfColumn(new IllegalStateException("no state"))).isFalse();
	}

	@Test
	void missingValuesAndIntegrityViolations() {
		assertThat(DatabaseFailures.isMissingValue(new R2dbcDataIntegrityViolationException("null", "23502"))).isTrue();
		assertThat(DatabaseFailures.isMissingValue(new R2dbcDataIntegrityViolationException("cannot be null", "23000", 1048)))
			.isTrue();
		assertThat(DatabaseFailures.isMissingValue(new R2dbcDataIntegrityViolationException("duplicate", "23505"))).isFalse();
		assertThat(DatabaseFailures.isIntegrityViolation(new R2dbcDataIntegrityViolationException("duplicate", "23505")))
			.isTrue();
		assertThat(DatabaseFailures.isIntegrityViolation(new R2dbcTimeoutException("timed out"))).isFalse();
	}

	@Test
	void columnIsTheOneTheDatabaseNames() {
		assertThat(DatabaseFailures.columnOf(new R2dbcDataIntegrityViolationException(
				"null value in column \"title\" of relation \"book\" violates not-null constraint"))).isEqualTo("title");
		assertThat(DatabaseFailures.columnOf(new R2dbcBadGrammarException("Data too long for column 'text' at row 1")))
			.isEqualTo("text");
		assertThat(DatabaseFailures.columnOf(new R2dbcBadGrammarException(
				"Incorrect string value: '\\xF0\\x9F' for column `sa_it_1`.`book`.`title` at row 1"))).isEqualTo("title");
		assertThat(DatabaseFailures.columnOf(new R2dbcBadGrammarException(
				"Value too long for column \"TITLE CHARACTER VARYING(255)\": \"'xx' (300)\""))).isEqualTo("TITLE");
		assertThat(DatabaseFailures.columnOf(new R2dbcBadGrammarException("value too long for type character varying(255)")))
			.isNull();
	}

}
