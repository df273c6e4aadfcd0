package io.github.reactivesessions.view;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.reactivesessions.bind.Bind;
import io.github.reactivesessions.session.ReactiveSession;
import io.github.reactivesessions.web.ReactiveSessions;

import org.springframework.core.convert.ConversionService;
import org.springframework.data.mapping.PersistentPropertyAccessor;
import org.springframework.data.r2dbc.convert.R2dbcConverter;
import org.springframework.data.relational.core.mapping.RelationalPersistentEntity;
import org.springframework.data.relational.core.mapping.RelationalPersistentProperty;
import org.springframework.data.relational.core.query.Update;

/**
 * Mapping metadata of a view's model, taken from the mapping of the bind of the view's
 * session, so that the table, the {@code @Id} property and the column conversions are the
 * ones the session's statements use.
 */
final class Models {

	private Models() {
	}

	static Bind bind(SaMixin view) {
		ReactiveSession session = view.session();
		return ReactiveSessions.binds(view.request().exchange()).bind(session.key());
	}

	static R2dbcConverter converter(SaMixin view) {
		return bind(view).entityTemplate().getConverter();
	}

	@SuppressWarnings("unchecked")
	static <T> RelationalPersistentEntity<T> entity(SaModelMixin<T> view) {
		return (RelationalPersistentEntity<T>) converter(view).getMappingContext()
			.getRequiredPersistentEntity(view.model());
	}

	static ConversionService conversionService(SaMixin view) {
		return converter(view).getConversionService();
	}

	/**
	 * Return the {@code @Id} property of a view's model.
	 * @throws IllegalStateException when the model has none, or a composite one
	 */
	static RelationalPersistentProperty idProperty(RelationalPersistentEntity<?> entity) {
		RelationalPersistentProperty id = entity.getIdProperty();
		if (id == null) {
			throw new IllegalStateException(("%s has no @Id property: the primary key mixins restrict their "
					+ "statements by it").formatted(entity.getType().getSimpleName()));
		}
		if (id.isEmbedded()) {
			throw new IllegalStateException(("%s has a composite @Id; the primary key mixins support an @Id of a "
					+ "single column").formatted(entity.getType().getSimpleName()));
		}
		return id;
	}

	/**
	 * Return the values of an entity's properties by name, as a write sends them.
	 */
	static Map<String, Object> valuesOf(RelationalPersistentEntity<?> entity, Object item) {
		PersistentPropertyAccessor<?> accessor = entity.getPropertyAccessor(item);
		Map<String, Object> values = new LinkedHashMap<>();
		for (RelationalPersistentProperty property : entity) {
			Object value = accessor.getProperty(property);
			if (value != null) {
				values.put(property.getName(), value);
			}
		}
		return values;
	}

	/**
	 * Return the values an update sets, by the names they were set with.
	 */
	static Map<String, Object> valuesOf(Update update) {
		Map<String, Object> values = new LinkedHashMap<>();
		update.getAssignments().forEach((name, value) -> {
			if (value != null) {
				values.put(name.getReference(), value);
			}
		});
		return values;
	}

	/**
	 * Refuse an entity from a request body that brings its own value for an {@code @Id} the
	 * database generates (an integer): it would be inserted as given, and a later insert
	 * fail when the database's sequence reaches it.
	 * @throws ViewException a 400 naming the id property
	 */
	static void refuseClientId(RelationalPersistentEntity<?> entity, Object item) {
		RelationalPersistentProperty id = entity.getIdProperty();
		if (id == null || !isGenerated(id)) {
			return;
		}
		Object value = entity.getPropertyAccessor(item).getProperty(id);
		if (value != null && !(value instanceof Number number && number.longValue() == 0 && id.getType().isPrimitive())) {
			throw ViewException.badField(id.getName(), ("%s of a new %s is given by the database: send the %s "
					+ "without it").formatted(id.getName(), entity.getType().getSimpleName(),
							entity.getType().getSimpleName()));
		}
	}

	private static boolean isGenerated(RelationalPersistentProperty id) {
		Class<?> type = id.getActualType();
		return type == Long.class || type == long.class || type == Integer.class || type == int.class
				|| type == Short.class || type == short.class;
	}

	/**
	 * Return an update setting every column of an entity from the item, except the
	 * {@code @Id} (the row is chosen by it), the {@code @Version}, read-only and insert-only
	 * columns, and embedded properties.
	 */
	static Update updateOf(RelationalPersistentEntity<?> entity, Object item) {
		PersistentPropertyAccessor<?> accessor = entity.getPropertyAccessor(item);
		Update update = null;
		for (RelationalPersistentProperty property : entity) {
			if (property.isIdProperty() || property.isVersionProperty() || !property.isWritable()
					|| property.isInsertOnly() || property.isEmbedded()) {
				continue;
			}
			Object value = accessor.getProperty(property);
			update = (update != null) ? update.set(property.getName(), value)
					: Update.update(property.getName(), value);
		}
		if (update == null) {
			throw new IllegalStateException(
					"%s has no column an edit can set".formatted(entity.getType().getSimpleName()));
		}
		return update;
	}

}
