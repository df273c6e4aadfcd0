package io.github.reactivesessions.session;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SqlQueries}.
 */
class SqlQueriesTests {

	@ParameterizedTest
	@ValueSource(strings = { "SELECT 1", "select name from person where id = $1", "  \n\tSELECT * FROM person;",
			"/* report */ SELECT count(*) FROM person", "-- names\nSELECT name FROM person",
			"SELECT name FROM person ORDER BY name FOR READ ONLY", "SELECT updated_at FROM person" })
	void plainSelectIsAQuery(String sql) {
		assertThat(SqlQueries.isPlainQuery(sql)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "UPDATE person SET age = 1", "INSERT INTO person (name) VALUES ('a')", "DELETE FROM person",
			"SELECT * FROM person FOR UPDATE", "select * from person for no key update", "SELECT * FROM person FOR SHARE",
			"SELECT * FROM person FOR KEY SHARE SKIP LOCKED", "SELECT * FROM person LOCK IN SHARE MODE",
			"SELECT * INTO archive FROM person", "SELECT 1; DELETE FROM person",
			"WITH gone AS (DELETE FROM person RETURNING *) SELECT * FROM gone", "CALL cleanup()", "",
			"/* SELECT */ UPDATE person SET age = 1", "SELECTION" })
	void anythingElseIsAWrite(String sql) {
		assertThat(SqlQueries.isPlainQuery(sql)).isFalse();
	}

}
