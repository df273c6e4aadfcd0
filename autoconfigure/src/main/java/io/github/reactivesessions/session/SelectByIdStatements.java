package io.github.reactivesessions.session;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Mono;

import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.data.r2dbc.core.StatementMapper;
import org.springframework.data.r2dbc.dialect.R2dbcDialect;
import org.springframework.data.r2dbc.query.QueryMapper;
import org.springframework.data.relational.core.mapping.RelationalPersistentEntity;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.data.relational.core.sql.SqlIdentifier;
import org.springframework.data.relational.core.sql.Table;
import org.springframework.r2dbc.core.PreparedOperation;
import org.springframework.r2dbc.core.binding.BindMarkersFactory;
import org.springframework.r2dbc.core.binding.Bindings;

/**
 * The SELECT of one row by its id behind {@link ReactiveSession#get} and
 * {@link ReactiveSession#refresh}: what {@link R2dbcEntityTemplate#selectOne} runs for a
 * query by id, built and rendered by Spring Data's {@link StatementMapper} once per entity
 * type (and table name, when it is an expression) instead of on every call.
 *
 * <p>Written by hand because Spring Data R2DBC builds and renders the SQL of a
 * {@code Query} again on every call and keeps no rendered statements; in the read-by-id
 * benchmark that took about a tenth of each request's CPU time. Only the rendering is
 * kept: each id is still converted and bound by Spring Data's {@link QueryMapper}, and
 * rows are read by the template ({@link R2dbcEntityTemplate#query(PreparedOperation, Class)}),
 * with its converter, statement filter and entity callbacks.
 *
 * @author reactive-sessions
 */
final class SelectByIdStatements {

	private final R2dbcEntityTemplate template;

	private final BindMarkersFactory bindMarkers;

	private final QueryMapper queryMapper;

	private final Map<StatementKey, Statement> statements = new ConcurrentHashMap<>();

	/**
	 * Create the statements of a template.
	 * @param template the template that renders and runs them
	 * @param dialect the dialect of the template's connection factory, used when the
	 * template's own data access strategy does not name an R2DBC dialect
	 */
	SelectByIdStatements(R2dbcEntityTemplate template, R2dbcDialect dialect) {
		// The ids must be bound with the markers the template's statement mapper renders.
		R2dbcDialect templateDialect = (template.getDataAccessStrategy().getDialect() instanceof R2dbcDialect own)
				? own : dialect;
		this.template = template;
		this.bindMarkers = templateDialect.getBindMarkersFactory();
		this.queryMapper = new QueryMapper(templateDialect, template.getConverter());
	}

	/**
	 * Select the row of an entity type with the given id, as
	 * {@code template.selectOne(query(where(idProperty).is(id)), type)} does.
	 * @param entity the entity type's mapping
	 * @param type the type to read rows as
	 * @param id the id, of the id property's type
	 * @return the entity, or empty when no row has that id
	 */
	<T> Mono<T> selectOne(RelationalPersistentEntity<?> entity, Class<T> type, Object id) {
		Statement statement = this.statements.computeIfAbsent(StatementKey.of(entity),
				(key) -> render(entity, key.table(), id));
		Bindings bindings = this.queryMapper
			.getMappedObject(this.bindMarkers.create(), byId(entity, id), statement.table(), entity)
			.getBindings();
		return this.template.query(new RenderedStatement(statement.sql(), bindings), type).one();
	}

	/**
	 * Render the statement as the template's {@code selectOne} does: every column, the id
	 * criterion, and a limit of two rows so that a second one is an error. The id only
	 * gives the criterion a value; the SQL holds a bind marker in its place.
	 */
	private Statement render(RelationalPersistentEntity<?> entity, SqlIdentifier tableName, Object id) {
		StatementMapper mapper = this.template.getDataAccessStrategy().getStatementMapper().forType(entity.getType());
		StatementMapper.SelectSpec select = mapper.createSelect(tableName)
			.doWithTable((table, spec) -> spec.withProjection(table.asterisk()))
			.withCriteria(byId(entity, id))
			.limit(2);
		return new Statement(mapper.getMappedObject(select).toQuery(), Table.create(tableName));
	}

	private static Criteria byId(RelationalPersistentEntity<?> entity, Object id) {
		return Criteria.where(entity.getRequiredIdProperty().getName()).is(id);
	}

	/**
	 * What a statement depends on besides the type: table, schema and id column names may
	 * be SpEL expressions evaluated on every call (a schema per tenant, say).
	 */
	private record StatementKey(Class<?> type, SqlIdentifier table, SqlIdentifier idColumn) {

		static StatementKey of(RelationalPersistentEntity<?> entity) {
			return new StatementKey(entity.getType(), entity.getQualifiedTableName(),
					entity.getRequiredIdProperty().getColumnName());
		}

	}

	private record Statement(String sql, Table table) {
	}

}
