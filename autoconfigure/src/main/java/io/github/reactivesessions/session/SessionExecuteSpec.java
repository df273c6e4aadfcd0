package io.github.reactivesessions.session;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.FetchSpec;
import org.springframework.r2dbc.core.RowsFetchSpec;
import org.springframework.r2dbc.core.StatementFilterFunction;

/**
 * Spring's {@link DatabaseClient.GenericExecuteSpec} for {@link ReactiveSession#sql(String)}:
 * builds the statement with Spring's own spec and runs each terminal publisher through the
 * session (serialised, after autoflush, on the session's connection and transaction; a
 * plain query outside a transaction on a bind with autocommit-reads).
 */
final class SessionExecuteSpec implements DatabaseClient.GenericExecuteSpec {

	private final SessionStatements.Sql statements;

	private final DatabaseClient.GenericExecuteSpec delegate;

	SessionExecuteSpec(SessionStatements.Sql statements, DatabaseClient.GenericExecuteSpec delegate) {
		this.statements = statements;
		this.delegate = delegate;
	}

	@Override
	public DatabaseClient.GenericExecuteSpec bind(int index, Object value) {
		return new SessionExecuteSpec(this.statements, this.delegate.bind(index, value));
	}

	@Override
	public DatabaseClient.GenericExecuteSpec bindNull(int index, Class<?> type) {
		return new SessionExecuteSpec(this.statements, this.delegate.bindNull(index, type));
	}

	@Override
	public DatabaseClient.GenericExecuteSpec bind(String name, Object value) {
		return new SessionExecuteSpec(this.statements, this.delegate.bind(name, value));
	}

	@Override
	public DatabaseClient.GenericExecuteSpec bindNull(String name, Class<?> type) {
		return new SessionExecuteSpec(this.statements, this.delegate.bindNull(name, type));
	}

	@Override
	public DatabaseClient.GenericExecuteSpec bindValues(List<?> source) {
		return new SessionExecuteSpec(this.statements, this.delegate.bindValues(source));
	}

	@Override
	public DatabaseClient.GenericExecuteSpec bindValues(Map<String, ?> source) {
		return new SessionExecuteSpec(this.statements, this.delegate.bindValues(source));
	}

	@Override
	public DatabaseClient.GenericExecuteSpec bindProperties(Object source) {
		return new SessionExecuteSpec(this.statements, this.delegate.bindProperties(source));
	}

	@Override
	public DatabaseClient.GenericExecuteSpec filter(StatementFilterFunction filter) {
		return new SessionExecuteSpec(this.statements, this.delegate.filter(filter));
	}

	@Override
	public <R> RowsFetchSpec<R> map(Function<? super Readable, R> mappingFunction) {
		return new SessionRowsFetchSpec<>(this.statements, this.delegate.map(mappingFunction));
	}

	@Override
	public <R> RowsFetchSpec<R> map(BiFunction<Row, RowMetadata, R> mappingFunction) {
		return new SessionRowsFetchSpec<>(this.statements, this.delegate.map(mappingFunction));
	}

	@Override
	public <R> RowsFetchSpec<R> mapValue(Class<R> mappedClass) {
		return new SessionRowsFetchSpec<>(this.statements, this.delegate.mapValue(mappedClass));
	}

	@Override
	public <R> RowsFetchSpec<R> mapProperties(Class<R> mappedClass) {
		return new SessionRowsFetchSpec<>(this.statements, this.delegate.mapProperties(mappedClass));
	}

	@Override
	public <R> Flux<R> flatMap(Function<Result, Publisher<R>> mappingFunction) {
		return this.statements.many(() -> this.delegate.flatMap(mappingFunction));
	}

	@Override
	public FetchSpec<Map<String, Object>> fetch() {
		return new SessionFetchSpec<>(this.statements, this.delegate.fetch());
	}

	@Override
	public Mono<Void> then() {
		return this.statements.one(this.delegate::then);
	}

	/**
	 * Rows of a mapped query, fetched through the session.
	 */
	private static class SessionRowsFetchSpec<T> implements RowsFetchSpec<T> {

		protected final SessionStatements.Sql statements;

		private final RowsFetchSpec<T> rows;

		SessionRowsFetchSpec(SessionStatements.Sql statements, RowsFetchSpec<T> rows) {
			this.statements = statements;
			this.rows = rows;
		}

		@Override
		public Mono<T> one() {
			return this.statements.one(this.rows::one);
		}

		@Override
		public Mono<T> first() {
			return this.statements.one(this.rows::first);
		}

		@Override
		public Flux<T> all() {
			return this.statements.many(this.rows::all);
		}

	}

	/**
	 * Rows and update count of a statement, fetched through the session.
	 */
	private static final class SessionFetchSpec<T> extends SessionRowsFetchSpec<T> implements FetchSpec<T> {

		private final FetchSpec<T> fetch;

		SessionFetchSpec(SessionStatements.Sql statements, FetchSpec<T> fetch) {
			super(statements, fetch);
			this.fetch = fetch;
		}

		@Override
		public Mono<Long> rowsUpdated() {
			return this.statements.one(this.fetch::rowsUpdated);
		}

	}

}
