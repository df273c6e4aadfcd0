package io.github.reactivesessions.session;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.domain.Sort;
import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.data.r2dbc.core.StatementMapper;
import org.springframework.data.r2dbc.dialect.R2dbcDialect;
import org.springframework.data.r2dbc.query.QueryMapper;
import org.springframework.data.relational.core.mapping.RelationalPersistentEntity;
import org.springframework.data.relational.core.mapping.RelationalPersistentProperty;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.data.relational.core.query.Query;
import org.springframework.data.relational.core.sql.Expression;
import org.springframework.data.relational.core.sql.Expressions;
import org.springframework.data.relational.core.sql.Functions;
import org.springframework.data.relational.core.sql.SqlIdentifier;
import org.springframework.data.relational.core.sql.Table;
import org.springframework.data.relational.domain.SqlSort;
import org.springframework.r2dbc.core.PreparedOperation;
import org.springframework.r2dbc.core.binding.BindMarkersFactory;
import org.springframework.r2dbc.core.binding.Bindings;

/**
 * The SELECT statements a session renders once and runs many times: the SELECT of one row
 * by its id behind {@link ReactiveSession#get} and {@link ReactiveSession#refresh}, and the
 * SELECT and COUNT of a query without criteria behind {@link ReactiveSession#select} and
 * {@link ReactiveSession#count} (a page of a list view, say). Each is what the template's
 * {@code selectOne}, {@code select} or {@code count} runs, built and rendered by Spring
 * Data's {@link StatementMapper} once per entity type, table name (which may be an
 * expression), sort, limit and offset instead of on every call.
 *
 * <p>Written by hand because Spring Data R2DBC builds and renders the SQL of a
 * {@code Query} again on every call and keeps no rendered statements, which showed in
 * profiles of the read-by-id benchmark (benchmarks/HISTORY.md). Only the
 * rendering is kept: an id is still converted and bound by Spring Data's
 * {@link QueryMapper}, and rows are read by the template
 * ({@link R2dbcEntityTemplate#query(PreparedOperation, Class)}), with its converter,
 * statement filter and entity callbacks. SELECTs of queries without criteria are kept for
 * at most {@value #MAX_PAGES} sorts, limits and offsets (pages of many offsets could
 * otherwise grow without end); beyond that they are rendered on every call.
 */
final class SelectStatements {

	static final int MAX_PAGES = 256;

	private static final Bindings NO_BINDINGS = new Bindings();

	private final R2dbcEntityTemplate template;

	private final EntityTypes entityTypes;

	private final BindMarkersFactory bindMarkers;

	private final QueryMapper queryMapper;

	// SELECTs by id and COUNTs: one per entity type and table.
	private final Map<StatementKey, Statement> statements = new ConcurrentHashMap<>();

	// SELECTs of queries without criteria: one per sort, limit and offset as well.
	private final Map<StatementKey, Statement> pages = new ConcurrentHashMap<>();

	/**
	 * Create the statements of a template.
	 * @param template the template that renders and runs them
	 * @param dialect the dialect of the template's connection factory, used when the
	 * template's own data access strategy does not name an R2DBC dialect
	 * @param entityTypes the mapping of the template's entity types
	 */
	SelectStatements(R2dbcEntityTemplate template, R2dbcDialect dialect, EntityTypes entityTypes) {
		// The ids must be bound with the markers the template's statement mapper renders.
		R2dbcDialect templateDialect = (template.getDataAccessStrategy().getDialect() instanceof R2dbcDialect own)
				? own : dialect;
		this.template = template;
		this.entityTypes = entityTypes;
		this.bindMarkers = templateDialect.getBindMarkersFactory();
		this.queryMapper = new QueryMapper(templateDialect, template.getConverter());
	}

	/**
	 * Whether the statements of a query are rendered once: those of a query without
	 * criteria, reading whole rows, sorted by properties. Any other query is for the
	 * template; a sort by a {@link SqlSort} expression among them, which the template
	 * checks for every statement unless it is marked unsafe.
	 */
	private static boolean rendersOnce(Query query) {
		if (query.getCriteria().isPresent() || !query.getColumns().isEmpty()) {
			return false;
		}
		for (Sort.Order order : query.getSort()) {
			if (order instanceof SqlSort.SqlOrder) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Select the row of an entity type with the given id, as
	 * {@code template.selectOne(query(where(idProperty).is(id)), type)} does.
	 * @param entity the entity type's mapping
	 * @param type the type to read rows as
	 * @param id the id, of the id property's type
	 * @return the entity, or empty when no row has that id
	 */
	<T> Mono<T> selectById(RelationalPersistentEntity<?> entity, Class<T> type, Object id) {
		RelationalPersistentProperty idProperty = entity.getRequiredIdProperty();
		Criteria byId = Criteria.where(idProperty.getName()).is(id);
		StatementKey byIdKey = StatementKey.of(Kind.BY_ID, entity, idProperty.getColumnName(), Query.empty());
		Statement statement = kept(this.statements, Integer.MAX_VALUE, byIdKey,
				(key) -> render(key, Table::asterisk, (select) -> select.withCriteria(byId).limit(2)));
		Bindings bindings = this.queryMapper
			.getMappedObject(this.bindMarkers.create(), byId, statement.table(), entity)
			.getBindings();
		return this.template.query(new RenderedStatement(statement.sql(), bindings), type).one();
	}

	/**
	 * Select the rows of a query as {@code template.select(query, type)} does; with SQL
	 * rendered once when the query has no criteria, otherwise by the template.
	 * @param type the entity type
	 * @param query the query
	 * @return the entities
	 */
	<T> Flux<T> select(Class<T> type, Query query) {
		if (!rendersOnce(query)) {
			return this.template.select(query, type);
		}
		RelationalPersistentEntity<?> entity = this.entityTypes.required(type);
		Statement statement = kept(this.pages, MAX_PAGES, StatementKey.of(Kind.SELECT, entity, null, query),
				(key) -> render(key, Table::asterisk, (select) -> {
					StatementMapper.SelectSpec spec = select;
					if (query.getLimit() > 0) {
						spec = spec.limit(query.getLimit());
					}
					if (query.getOffset() > 0) {
						spec = spec.offset(query.getOffset());
					}
					return query.isSorted() ? spec.withSort(query.getSort()) : spec;
				}));
		return this.template.query(new RenderedStatement(statement.sql(), NO_BINDINGS), type).all();
	}

	/**
	 * Count the rows of a query as {@code template.count(query, type)} does. Without
	 * criteria, the SQL is rendered once and runs on the template's database client,
	 * without entity callbacks (a callback for any type would otherwise be handed the
	 * count); unlike the template's count, it does not run a statement filter set on the
	 * template with {@code setStatementFilterFunction}, which Spring Data gives no way to
	 * read. Any other query is counted by the template.
	 * @param type the entity type
	 * @param query the query
	 * @return the number of rows
	 */
	Mono<Long> count(Class<?> type, Query query) {
		if (!rendersOnce(query)) {
			return this.template.count(query, type);
		}
		RelationalPersistentEntity<?> entity = this.entityTypes.required(type);
		StatementKey countKey = StatementKey.of(Kind.COUNT, entity, null, Query.empty());
		Statement statement = kept(this.statements, Integer.MAX_VALUE, countKey,
				(key) -> render(key, (table) -> Functions.count(Expressions.just("*")), Function.identity()));
		return this.template.getDatabaseClient()
			.sql(new RenderedStatement(statement.sql(), NO_BINDINGS))
			.map((row, metadata) -> row.get(0, Long.class))
			.first()
			.defaultIfEmpty(0L);
	}

	/**
	 * Return the number of statements kept, pages included.
	 */
	int size() {
		return this.statements.size() + this.pages.size();
	}

	/**
	 * Return the statement kept under the key, rendering and keeping it the first time
	 * while fewer than {@code limit} are kept. None is ever dropped: the pages kept are
	 * those read first, usually the first pages of each list.
	 */
	private static Statement kept(Map<StatementKey, Statement> statements, int limit, StatementKey key,
			Function<StatementKey, Statement> render) {
		Statement statement = statements.get(key);
		if (statement != null) {
			return statement;
		}
		statement = render.apply(key);
		if (statements.size() < limit) {
			Statement earlier = statements.putIfAbsent(key, statement);
			return (earlier != null) ? earlier : statement;
		}
		return statement;
	}

	/**
	 * Render a SELECT from the entity's table, projected and shaped as the template does.
	 * A criterion's value only gives it a type; the SQL holds a bind marker in its place.
	 */
	private Statement render(StatementKey key, Function<Table, Expression> projection,
			Function<StatementMapper.SelectSpec, StatementMapper.SelectSpec> shape) {
		// The key's table: a name given as an expression is evaluated once for key and SQL.
		SqlIdentifier tableName = key.table();
		StatementMapper mapper = this.template.getDataAccessStrategy().getStatementMapper().forType(key.type());
		StatementMapper.SelectSpec select = mapper.createSelect(tableName)
			.doWithTable((table, spec) -> spec.withProjection(projection.apply(table)));
		return new Statement(mapper.getMappedObject(shape.apply(select)).toQuery(), Table.create(tableName));
	}

	private enum Kind {

		BY_ID, SELECT, COUNT

	}

	/**
	 * What a statement depends on besides the type: table, schema and id column names may
	 * be SpEL expressions evaluated on every call (a schema per tenant, say).
	 */
	private record StatementKey(Kind kind, Class<?> type, SqlIdentifier table, @Nullable SqlIdentifier idColumn,
			Sort sort, int limit, long offset) {

		static StatementKey of(Kind kind, RelationalPersistentEntity<?> entity, @Nullable SqlIdentifier idColumn,
				Query query) {
			return new StatementKey(kind, entity.getType(), entity.getQualifiedTableName(), idColumn, query.getSort(),
					query.getLimit(), query.getOffset());
		}

	}

	private record Statement(String sql, Table table) {
	}

}
