package io.github.reactivesessions.session;

import java.util.regex.Pattern;

/**
 * Tells the SQL of {@link ReactiveSession#sql(String)} that only reads from the rest, for
 * autocommit-reads: a single {@code SELECT} that neither locks rows ({@code FOR UPDATE},
 * {@code FOR SHARE} and their variants, MySQL's {@code LOCK IN SHARE MODE}) nor writes
 * what it selects {@code INTO}. A function it calls may still write: such a statement
 * belongs in {@code begin}. Anything else (a {@code WITH}, which may hold an
 * {@code INSERT} on PostgreSQL, several statements, a word that only looks like a lock
 * inside a string) counts as a write, which costs a transaction and is never wrong.
 */
final class SqlQueries {

	// Leading whitespace and comments, then the first word.
	private static final Pattern SELECT = Pattern
		.compile("^(?:\\s+|--[^\\n]*(?:\\n|$)|/\\*(?s:.*?)\\*/)*SELECT\\b", Pattern.CASE_INSENSITIVE);

	private static final Pattern LOCK_OR_INTO = Pattern.compile(
			"\\bFOR\\s+(?:NO\\s+KEY\\s+)?UPDATE\\b|\\bFOR\\s+(?:KEY\\s+)?SHARE\\b|\\bLOCK\\s+IN\\s+SHARE\\s+MODE\\b|\\bINTO\\b",
			Pattern.CASE_INSENSITIVE);

	private SqlQueries() {
	}

	/**
	 * Return whether the given SQL is a plain query: one {@code SELECT} that takes no lock
	 * and writes nothing itself.
	 * @param sql the SQL
	 * @return whether it only reads
	 */
	static boolean isPlainQuery(String sql) {
		String statement = sql.strip();
		if (statement.endsWith(";")) {
			statement = statement.substring(0, statement.length() - 1);
		}
		return SELECT.matcher(statement).lookingAt() && statement.indexOf(';') < 0
				&& !LOCK_OR_INTO.matcher(statement).find();
	}

}
