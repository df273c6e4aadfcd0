package io.github.reactivesessions.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.data.r2dbc.convert.R2dbcConverter;
import org.springframework.data.relational.core.mapping.RelationalPersistentEntity;
import org.springframework.data.relational.core.mapping.RelationalPersistentProperty;
import org.springframework.data.relational.core.sql.IdentifierProcessing;
import org.springframework.data.relational.core.sql.SqlIdentifier;
import org.springframework.util.ClassUtils;

/**
 * The table of one entity as Spring Data maps it: its (qualified) name, a column per
 * persistent property and the primary key, rendered as DDL with the identifier processing
 * Spring Data renders its queries with, so that quoting and letter case always match.
 */
record TableDefinition(SqlIdentifier table, List<Column> columns, @Nullable SqlIdentifier primaryKey) {

	private static final Set<Class<?>> GENERATED_ID_TYPES = Set.of(Long.class, Integer.class, Short.class);

	/**
	 * Read the table of an entity from its mapping metadata.
	 * @throws IllegalArgumentException when a property has a type no column can hold
	 */
	static TableDefinition of(RelationalPersistentEntity<?> entity, R2dbcConverter converter, ColumnTypes types) {
		List<Column> columns = new ArrayList<>();
		SqlIdentifier primaryKey = null;
		for (RelationalPersistentProperty property : entity) {
			String type = columnType(entity, property, converter, types);
			boolean id = property.isIdProperty();
			if (id) {
				primaryKey = property.getColumnName();
			}
			String definition;
			if (id && GENERATED_ID_TYPES.contains(ClassUtils.resolvePrimitiveIfNecessary(property.getType()))) {
				definition = types.identity(type);
			}
			else if (id || (property.getType().isPrimitive() && property.isWritable())) {
				// A read-only primitive is never written, so NOT NULL would refuse every insert.
				definition = type + " NOT NULL";
			}
			else {
				// Explicit: without it, a MySQL TIMESTAMP column may become NOT NULL with a default.
				definition = type + " NULL";
			}
			columns.add(new Column(property.getColumnName(), definition));
		}
		return new TableDefinition(entity.getQualifiedTableName(), List.copyOf(columns), primaryKey);
	}

	private static String columnType(RelationalPersistentEntity<?> entity, RelationalPersistentProperty property,
			R2dbcConverter converter, ColumnTypes types) {
		Class<?> javaType = ClassUtils.resolvePrimitiveIfNecessary(property.getType());
		if (property.isEmbedded() || (property.isEntity() && !javaType.isArray())) {
			throw unsupported(entity, property, types, "embedded and nested entities are not supported");
		}
		String type = types.typeOf(javaType);
		if (type == null) {
			// Enums and types with a writing converter: the column holds what Spring Data binds.
			Class<?> target = ClassUtils.resolvePrimitiveIfNecessary(converter.getTargetType(javaType));
			type = (target != javaType) ? types.typeOf(target) : null;
		}
		if (type == null) {
			throw unsupported(entity, property, types, "supported are String, Integer, Long, Short, Boolean, Double, "
					+ "Float, BigDecimal, LocalDate, LocalTime, LocalDateTime, Instant, OffsetDateTime, UUID, byte[], "
					+ "enums and types a registered writing converter turns into one of these");
		}
		return type;
	}

	private static IllegalArgumentException unsupported(RelationalPersistentEntity<?> entity,
			RelationalPersistentProperty property, ColumnTypes types, String reason) {
		String message = "Cannot create a %s column for property '%s' of entity %s: type %s is not supported (%s)";
		return new IllegalArgumentException(message.formatted(types.databaseName(), property.getName(),
				entity.getType().getName(), property.getType().getTypeName(), reason));
	}

	/**
	 * {@code CREATE TABLE IF NOT EXISTS}, which leaves an existing table as it is.
	 */
	String createStatement(IdentifierProcessing processing) {
		List<String> parts = new ArrayList<>();
		for (Column column : this.columns) {
			parts.add(column.name().toSql(processing) + " " + column.definition());
		}
		if (this.primaryKey != null) {
			parts.add("PRIMARY KEY (" + this.primaryKey.toSql(processing) + ")");
		}
		return "CREATE TABLE IF NOT EXISTS " + this.table.toSql(processing)
				+ parts.stream().collect(Collectors.joining(", ", " (", ")"));
	}

	/**
	 * {@code DROP TABLE IF EXISTS} for an entity's table; needs only its name, so that a
	 * table can be dropped whatever its properties are.
	 */
	static String dropStatement(RelationalPersistentEntity<?> entity, IdentifierProcessing processing) {
		return "DROP TABLE IF EXISTS " + entity.getQualifiedTableName().toSql(processing);
	}

	/**
	 * A column: its name and its definition (type and constraints).
	 */
	record Column(SqlIdentifier name, String definition) {
	}

}
