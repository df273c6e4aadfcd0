package io.github.reactivesessions.session;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.data.r2dbc.core.StatementMapper;
import org.springframework.data.r2dbc.dialect.R2dbcDialect;
import org.springframework.data.r2dbc.query.UpdateMapper;
import org.springframework.data.mapping.context.MappingContext;
import org.springframework.data.relational.core.mapping.RelationalPersistentEntity;
import org.springframework.data.relational.core.mapping.RelationalPersistentProperty;
import org.springframework.data.relational.core.sql.Expressions;
import org.springframework.data.relational.core.sql.Insert;
import org.springframework.data.relational.core.sql.SqlIdentifier;
import org.springframework.data.relational.core.sql.Table;
import org.springframework.data.relational.core.sql.render.RenderContext;
import org.springframework.data.relational.core.sql.render.SqlRenderer;
import org.springframework.r2dbc.core.PreparedOperation;
import org.springframework.r2dbc.core.binding.BindMarkersFactory;
import org.springframework.r2dbc.core.binding.Bindings;

/**
 * A {@link StatementMapper} that renders the SQL of an INSERT once per table and list of
 * columns, and maps everything else with Spring Data's own statement mapper. Behind
 * {@link R2dbcEntityTemplate#insert(Object)} on the templates the starter builds, and so
 * behind the INSERTs a session flushes with such a template.
 *
 * <p>Written by hand because Spring Data R2DBC builds and renders the SQL of every
 * statement again on each call and keeps no rendered statements, which showed in the
 * allocation of the session loop's insert and commit (benchmarks/HISTORY.md). Only the
 * rendering is kept: the values of each call are still converted and bound by Spring
 * Data's {@link UpdateMapper}, as the delegate does, in the order of the columns, which is
 * the order of the rendered bind markers. An INSERT's SQL depends on nothing else: each
 * column's value is a bind marker. The template leaves out columns without a value, so
 * each pattern of null columns of a table is a statement of its own. At most
 * {@value #MAX_STATEMENTS} statements are kept; beyond that they are rendered on every
 * call, as without this class.
 *
 * <p>An INSERT of an entity with no value but its generated id names the id column:
 * {@code INSERT INTO t (id) VALUES (DEFAULT)}, where Spring Data renders
 * {@code INSERT INTO t VALUES (DEFAULT)}, one value for every column of the table, which H2
 * and MySQL refuse for a table of several columns.
 */
final class InsertStatementCache implements StatementMapper {

	static final int MAX_STATEMENTS = 256;

	private final StatementMapper delegate;

	private final BindMarkersFactory bindMarkers;

	private final UpdateMapper updateMapper;

	private final Map<InsertKey, String> inserts = new ConcurrentHashMap<>();

	private final MappingContext<? extends RelationalPersistentEntity<?>, ? extends RelationalPersistentProperty> mappingContext;

	/**
	 * Wrap a statement mapper.
	 * @param delegate the mapper of everything but the rendering of an INSERT
	 * @param dialect the dialect the delegate renders for
	 * @param updateMapper a mapper of assignments like the delegate's
	 * @param mappingContext the mapping of the entities, for the id column of an INSERT
	 * without columns
	 */
	InsertStatementCache(StatementMapper delegate, R2dbcDialect dialect, UpdateMapper updateMapper,
			MappingContext<? extends RelationalPersistentEntity<?>, ? extends RelationalPersistentProperty> mappingContext) {
		this.delegate = delegate;
		this.bindMarkers = dialect.getBindMarkersFactory();
		this.updateMapper = updateMapper;
		this.mappingContext = mappingContext;
	}

	@Override
	public PreparedOperation<?> getMappedObject(InsertSpec insertSpec) {
		if (insertSpec.getAssignments().isEmpty()) {
			PreparedOperation<?> defaults = defaultsInsert(insertSpec.getTable());
			if (defaults != null) {
				return defaults;
			}
		}
		InsertKey key = new InsertKey(insertSpec.getTable(), List.copyOf(insertSpec.getAssignments().keySet()));
		String sql = this.inserts.get(key);
		if (sql == null) {
			PreparedOperation<?> rendered = this.delegate.getMappedObject(insertSpec);
			if (this.inserts.size() < MAX_STATEMENTS) {
				this.inserts.putIfAbsent(key, rendered.toQuery());
			}
			return rendered;
		}
		// The template's insert maps its values without an entity (columns are already
		// named); the table only names the assignments' columns, which are rendered already.
		Bindings bindings = this.updateMapper
			.getMappedObject(this.bindMarkers.create(), insertSpec.getAssignments(), Table.create(insertSpec.getTable()),
					null)
			.getBindings();
		return new RenderedStatement(sql, bindings);
	}

	/**
	 * {@code INSERT INTO t (id) VALUES (DEFAULT)} for the table of an entity with an id, or
	 * {@code null} when no entity maps to the table.
	 */
	private @Nullable PreparedOperation<?> defaultsInsert(SqlIdentifier table) {
		InsertKey key = new InsertKey(table, List.of());
		String sql = this.inserts.get(key);
		if (sql == null) {
			RelationalPersistentProperty id = idOfTable(table);
			if (id == null) {
				return null;
			}
			Table into = Table.create(table);
			Insert insert = Insert.builder().into(into).column(into.column(id.getColumnName()))
				.values(Expressions.just("DEFAULT"))
				.build();
			RenderContext renderContext = this.delegate.getRenderContext();
			sql = (renderContext != null) ? SqlRenderer.create(renderContext).render(insert) : SqlRenderer.toString(insert);
			if (this.inserts.size() < MAX_STATEMENTS) {
				this.inserts.putIfAbsent(key, sql);
			}
		}
		return new RenderedStatement(sql, Bindings.empty());
	}

	private @Nullable RelationalPersistentProperty idOfTable(SqlIdentifier table) {
		for (RelationalPersistentEntity<?> entity : this.mappingContext.getPersistentEntities()) {
			if (entity.hasIdProperty() && entity.getTableName().equals(table)) {
				return entity.getIdProperty();
			}
		}
		return null;
	}

	@Override
	public <T> TypedStatementMapper<T> forType(Class<T> type) {
		return this.delegate.forType(type);
	}

	@Override
	public PreparedOperation<?> getMappedObject(SelectSpec selectSpec) {
		return this.delegate.getMappedObject(selectSpec);
	}

	@Override
	public PreparedOperation<?> getMappedObject(UpdateSpec updateSpec) {
		return this.delegate.getMappedObject(updateSpec);
	}

	@Override
	public PreparedOperation<?> getMappedObject(DeleteSpec deleteSpec) {
		return this.delegate.getMappedObject(deleteSpec);
	}

	@Override
	public PreparedOperation<?> getMappedObject(UpsertSpec upsertSpec) {
		return this.delegate.getMappedObject(upsertSpec);
	}

	@Override
	public RenderContext getRenderContext() {
		return this.delegate.getRenderContext();
	}

	private record InsertKey(SqlIdentifier table, List<SqlIdentifier> columns) {
	}

}
