package io.github.reactivesessions.session;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.data.relational.core.sql.SqlIdentifier;
import org.springframework.r2dbc.core.Parameter;

/**
 * One statement a flush has to issue.
 */
sealed interface Change {

	Object entity();

	/**
	 * A pending {@code add(entity)}.
	 */
	record Insert(Object entity) implements Change {
	}

	/**
	 * A pending {@code delete(entity)}.
	 */
	record Delete(Object entity) implements Change {
	}

	/**
	 * A loaded entity whose columns differ from the values it was loaded with.
	 *
	 * @param entity the entity
	 * @param id its id
	 * @param changed the changed columns with their new values
	 * @param version the version the entity was loaded with, when it has a {@code @Version}
	 * property
	 */
	record Update(Object entity, Object id, Map<SqlIdentifier, Parameter> changed, @Nullable Object version)
			implements Change {
	}

}
