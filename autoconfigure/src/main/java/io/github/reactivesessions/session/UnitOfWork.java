package io.github.reactivesessions.session;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.core.convert.ConversionService;
import org.springframework.data.mapping.PersistentPropertyAccessor;
import org.springframework.data.r2dbc.core.ReactiveDataAccessStrategy;
import org.springframework.data.relational.core.mapping.RelationalPersistentEntity;
import org.springframework.data.relational.core.mapping.RelationalPersistentProperty;
import org.springframework.data.relational.core.sql.SqlIdentifier;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.util.ObjectUtils;

/**
 * In-memory state of one session: the changes waiting for a flush, in the order they were
 * made, and the identity map of the entities the session holds, each with the property values
 * it was loaded or last flushed with (its snapshot) for dirty checking. Snapshots hold the
 * entity's own values, which are cheap to read and compare; only an entity found changed is
 * converted to columns, once, for its UPDATE.
 *
 * <p>Written by hand because Spring Data R2DBC deliberately has no unit of work. Does no
 * I/O; every method is synchronized because a session may be used from several reactive
 * branches at once.
 */
final class UnitOfWork {

	private final String key;

	private final EntityTypes entityTypes;

	private final ReactiveDataAccessStrategy dataAccessStrategy;

	private final ConversionService conversionService;

	private final List<Change> pending = new ArrayList<>();

	// Both maps hold the same entities, and both are created for the first one: most
	// sessions of a request hold nothing, and IdentityHashMap allocates its table eagerly.
	private Map<EntityKey, Managed> identityMap = Map.of();

	private Map<Object, EntityKey> keysByInstance = Map.of();

	// While an attempt of a retrying begin block runs: the journal of the entities its
	// inserts gave an id (and version), so that a failed attempt leaves no id of a row that
	// was rolled back in them.
	private @Nullable InsertJournal insertJournal;

	UnitOfWork(String key, ReactiveDataAccessStrategy dataAccessStrategy, EntityTypes entityTypes) {
		this.key = key;
		this.dataAccessStrategy = dataAccessStrategy;
		this.entityTypes = entityTypes;
		this.conversionService = dataAccessStrategy.getConverter().getConversionService();
	}

	synchronized void add(Object entity) {
		RelationalPersistentEntity<?> persistentEntity = requiredEntity(entity.getClass());
		if (this.keysByInstance.containsKey(entity) || pendingIndex(Change.Insert.class, entity) >= 0) {
			return;
		}
		int deleteIndex = pendingIndex(Change.Delete.class, entity);
		if (deleteIndex >= 0) {
			this.pending.remove(deleteIndex);
			return;
		}
		Object id = idOf(persistentEntity, entity);
		if (id != null) {
			Managed held = this.identityMap.get(new EntityKey(persistentEntity.getType(), id));
			if (held != null && held.entity() != entity) {
				throw new IllegalStateException(("Session '%s' already holds another %s with id %s: "
						+ "change that instance, or expunge it before adding this one")
					.formatted(this.key, persistentEntity.getType().getSimpleName(), id));
			}
		}
		this.pending.add(new Change.Insert(entity));
	}

	synchronized void delete(Object entity) {
		RelationalPersistentEntity<?> persistentEntity = requiredEntity(entity.getClass());
		int insertIndex = pendingIndex(Change.Insert.class, entity);
		if (insertIndex >= 0) {
			// Never reached the database: forgetting it is the whole delete.
			this.pending.remove(insertIndex);
			return;
		}
		if (pendingIndex(Change.Delete.class, entity) >= 0) {
			return;
		}
		if (idOf(persistentEntity, entity) == null) {
			throw new IllegalArgumentException("Session '%s' cannot delete a %s that has no id"
				.formatted(this.key, persistentEntity.getType().getSimpleName()));
		}
		this.pending.add(new Change.Delete(entity));
	}

	synchronized boolean contains(Object entity) {
		return this.keysByInstance.containsKey(entity) || pendingIndex(Change.Insert.class, entity) >= 0;
	}

	synchronized void expunge(Object entity) {
		expungeHeld(entity);
		this.pending.removeIf((change) -> change.entity() == entity);
	}

	synchronized boolean hasChanges() {
		if (!this.pending.isEmpty()) {
			return true;
		}
		for (Managed managed : this.identityMap.values()) {
			if (pendingIndex(Change.Delete.class, managed.entity()) < 0 && !changedProperties(managed).isEmpty()) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Return the instance the session holds for the given key, or {@code null} when it
	 * holds none or the instance is waiting to be deleted.
	 */
	synchronized @Nullable Object find(EntityKey entityKey) {
		Managed managed = this.identityMap.get(entityKey);
		if (managed == null || pendingIndex(Change.Delete.class, managed.entity()) >= 0) {
			return null;
		}
		return managed.entity();
	}

	/**
	 * Register an instance loaded from the database, or return the instance the session
	 * already holds for the same row (whose unflushed changes win, as in SQLAlchemy).
	 */
	@SuppressWarnings("unchecked")
	synchronized <T> T merge(T loaded) {
		RelationalPersistentEntity<?> persistentEntity = this.entityTypes.find(loaded.getClass());
		if (persistentEntity == null || !persistentEntity.hasIdProperty()) {
			return loaded;
		}
		// One accessor reads the id and then the snapshot: Spring Data makes a new one, with
		// its wrappers, on every call, and a page of rows is merged row by row.
		PersistentPropertyAccessor<?> accessor = persistentEntity.getPropertyAccessor(loaded);
		Object id = idOf(persistentEntity, accessor);
		if (id == null) {
			return loaded;
		}
		EntityKey entityKey = new EntityKey(persistentEntity.getType(), id);
		Managed held = this.identityMap.get(entityKey);
		if (held != null) {
			return (T) held.entity();
		}
		register(entityKey, loaded, persistentEntity, accessor);
		return loaded;
	}

	/**
	 * Take everything a flush has to write: the pending inserts and deletes in call order,
	 * then an update for every held entity whose columns changed.
	 */
	synchronized List<Change> takeChanges() {
		List<Change> changes = new ArrayList<>(this.pending);
		changes.addAll(dirtyUpdates());
		this.pending.clear();
		return changes;
	}

	/**
	 * Note an entity about to be inserted, when inserts are journaled.
	 */
	synchronized void inserting(Object entity) {
		if (this.insertJournal != null) {
			RelationalPersistentEntity<?> persistentEntity = requiredEntity(entity.getClass());
			PersistentPropertyAccessor<?> accessor = persistentEntity.getPropertyAccessor(entity);
			RelationalPersistentProperty versionProperty = persistentEntity.getVersionProperty();
			this.insertJournal.entries.add(new Inserting(entity, idOf(persistentEntity, accessor),
					(versionProperty != null) ? accessor.getProperty(versionProperty) : null));
		}
	}

	/**
	 * Journal the inserts of the session's flushes in the given journal, until
	 * {@link #rewindInserts(InsertJournal)}.
	 */
	synchronized void journalInserts(InsertJournal journal) {
		journal.entries.clear();
		this.insertJournal = journal;
	}

	/**
	 * Stop journaling in the given journal, and give every entity it noted the id and
	 * version it had before its insert (its row was rolled back). Without effect when
	 * another journal is in use: its run rewinds it.
	 */
	synchronized void rewindInserts(InsertJournal journal) {
		if (this.insertJournal != journal) {
			return;
		}
		this.insertJournal = null;
		for (Inserting inserting : journal.entries) {
			RelationalPersistentEntity<?> persistentEntity = requiredEntity(inserting.entity().getClass());
			PersistentPropertyAccessor<Object> accessor = persistentEntity.getPropertyAccessor(inserting.entity());
			resetIfChanged(accessor, persistentEntity.getRequiredIdProperty(), inserting.id());
			RelationalPersistentProperty versionProperty = persistentEntity.getVersionProperty();
			if (versionProperty != null) {
				resetIfChanged(accessor, versionProperty, inserting.version());
			}
		}
		journal.entries.clear();
	}

	/**
	 * Stop journaling in the given journal, keeping what its inserts wrote (they were
	 * committed, or the block was cancelled). Without effect when another journal is in use.
	 */
	synchronized void stopJournal(InsertJournal journal) {
		if (this.insertJournal == journal) {
			this.insertJournal = null;
		}
		journal.entries.clear();
	}

	private static void resetIfChanged(PersistentPropertyAccessor<Object> accessor, RelationalPersistentProperty property,
			@Nullable Object value) {
		if (!ObjectUtils.nullSafeEquals(accessor.getProperty(property), value)) {
			accessor.setProperty(property, value);
		}
	}

	synchronized void inserted(Object entity) {
		register(requiredEntity(entity.getClass()), entity);
	}

	synchronized void deleted(Object entity) {
		expungeHeld(entity);
	}

	synchronized void updated(Object entity) {
		EntityKey entityKey = this.keysByInstance.get(entity);
		if (entityKey != null) {
			RelationalPersistentEntity<?> persistentEntity = requiredEntity(entity.getClass());
			this.identityMap.put(entityKey,
					new Managed(entity, valuesOf(persistentEntity, persistentEntity.getPropertyAccessor(entity))));
		}
	}

	/**
	 * Take a new snapshot of an entity whose columns were just reloaded.
	 */
	synchronized void refreshed(Object entity) {
		register(requiredEntity(entity.getClass()), entity);
	}

	synchronized State save() {
		return new State(new LinkedHashMap<>(this.identityMap), new IdentityHashMap<>(this.keysByInstance));
	}

	/**
	 * Go back to a saved state after a savepoint was rolled back: entities inserted since are
	 * forgotten, deleted ones are held again, and snapshots are the database values again so
	 * that changes made since are written by the next flush. Unflushed changes are dropped.
	 */
	synchronized void restore(State state) {
		this.identityMap = new LinkedHashMap<>(state.identityMap());
		this.keysByInstance = new IdentityHashMap<>(state.keysByInstance());
		this.pending.clear();
	}

	synchronized void clear() {
		this.pending.clear();
		this.identityMap = Map.of();
		this.keysByInstance = Map.of();
	}

	/**
	 * Whether the unit of work holds no entity and no pending change: nothing to flush, known
	 * without the dirty check of {@link #hasChanges()}.
	 */
	synchronized boolean isEmpty() {
		return this.pending.isEmpty() && this.identityMap.isEmpty();
	}

	synchronized int size() {
		return this.identityMap.size();
	}

	RelationalPersistentEntity<?> requiredEntity(Class<?> type) {
		RelationalPersistentEntity<?> persistentEntity = this.entityTypes.required(type);
		if (!persistentEntity.hasIdProperty()) {
			throw new IllegalArgumentException(
					"%s has no @Id property: a session tracks entities by id".formatted(type.getName()));
		}
		return persistentEntity;
	}

	EntityKey keyOf(Class<?> type, Object id) {
		RelationalPersistentEntity<?> persistentEntity = requiredEntity(type);
		return new EntityKey(persistentEntity.getType(), convertId(persistentEntity, id));
	}

	Object convertId(RelationalPersistentEntity<?> persistentEntity, Object id) {
		Class<?> idType = persistentEntity.getRequiredIdProperty().getType();
		if (idType.isInstance(id)) {
			return id;
		}
		Object converted = this.conversionService.convert(id, idType);
		if (converted == null) {
			throw new IllegalArgumentException("Id %s cannot be converted to %s".formatted(id, idType.getName()));
		}
		return converted;
	}

	/**
	 * The value of an entity's {@code @Id} property: the column the session's statements
	 * find its row by.
	 */
	@Nullable Object idOf(RelationalPersistentEntity<?> persistentEntity, Object entity) {
		return idOf(persistentEntity, persistentEntity.getPropertyAccessor(entity));
	}

	private @Nullable Object idOf(RelationalPersistentEntity<?> persistentEntity,
			PersistentPropertyAccessor<?> accessor) {
		return accessor.getProperty(persistentEntity.getRequiredIdProperty());
	}

	/**
	 * The values of the properties dirty checking compares, in the entity's property order.
	 */
	private Object[] valuesOf(RelationalPersistentEntity<?> persistentEntity, PersistentPropertyAccessor<?> accessor) {
		List<RelationalPersistentProperty> tracked = this.entityTypes.trackedProperties(persistentEntity);
		Object[] values = new Object[tracked.size()];
		for (int i = 0; i < values.length; i++) {
			values[i] = accessor.getProperty(tracked.get(i));
		}
		return values;
	}

	/**
	 * Hold an entity under its id, when it has one.
	 */
	private void register(RelationalPersistentEntity<?> persistentEntity, Object entity) {
		PersistentPropertyAccessor<?> accessor = persistentEntity.getPropertyAccessor(entity);
		Object id = idOf(persistentEntity, accessor);
		if (id != null) {
			register(new EntityKey(persistentEntity.getType(), id), entity, persistentEntity, accessor);
		}
	}

	private void register(EntityKey entityKey, Object entity, RelationalPersistentEntity<?> persistentEntity,
			PersistentPropertyAccessor<?> accessor) {
		if (this.keysByInstance.isEmpty()) {
			this.identityMap = new LinkedHashMap<>();
			// Sized for a few entities: the default table has room for 21 (64 slots).
			this.keysByInstance = new IdentityHashMap<>(4);
		}
		this.identityMap.put(entityKey, new Managed(entity, valuesOf(persistentEntity, accessor)));
		this.keysByInstance.put(entity, entityKey);
	}

	private void expungeHeld(Object entity) {
		if (this.keysByInstance.isEmpty()) {
			return;
		}
		EntityKey entityKey = this.keysByInstance.remove(entity);
		if (entityKey != null) {
			this.identityMap.remove(entityKey);
		}
	}

	private List<Change> dirtyUpdates() {
		List<Change> updates = new ArrayList<>();
		for (Map.Entry<EntityKey, Managed> entry : this.identityMap.entrySet()) {
			Managed managed = entry.getValue();
			if (pendingIndex(Change.Delete.class, managed.entity()) >= 0) {
				continue;
			}
			Change.Update update = dirtyUpdate(entry.getKey(), managed);
			if (update != null) {
				updates.add(update);
			}
		}
		return updates;
	}

	private Change.@Nullable Update dirtyUpdate(EntityKey entityKey, Managed managed) {
		List<RelationalPersistentProperty> changedProperties = changedProperties(managed);
		if (changedProperties.isEmpty()) {
			return null;
		}
		Object entity = managed.entity();
		RelationalPersistentEntity<?> persistentEntity = requiredEntity(entity.getClass());
		// Converted (custom conversions, enums, dialect types) only now that it is needed.
		Map<SqlIdentifier, Parameter> row = this.dataAccessStrategy.getOutboundRow(entity);
		Map<SqlIdentifier, Parameter> changed = new LinkedHashMap<>();
		for (RelationalPersistentProperty property : changedProperties) {
			Parameter value = row.get(property.getColumnName());
			changed.put(property.getColumnName(), (value != null) ? value : Parameter.empty(property.getType()));
		}
		Object version = null;
		RelationalPersistentProperty versionProperty = persistentEntity.getVersionProperty();
		if (versionProperty != null) {
			version = persistentEntity.getPropertyAccessor(entity).getProperty(versionProperty);
		}
		return new Change.Update(entity, entityKey.id(), changed, version);
	}

	/**
	 * The properties whose value differs from the snapshot.
	 */
	private List<RelationalPersistentProperty> changedProperties(Managed managed) {
		Object entity = managed.entity();
		RelationalPersistentEntity<?> persistentEntity = requiredEntity(entity.getClass());
		PersistentPropertyAccessor<?> accessor = persistentEntity.getPropertyAccessor(entity);
		List<RelationalPersistentProperty> tracked = this.entityTypes.trackedProperties(persistentEntity);
		List<RelationalPersistentProperty> changed = List.of();
		for (int i = 0; i < tracked.size(); i++) {
			RelationalPersistentProperty property = tracked.get(i);
			if (!ObjectUtils.nullSafeEquals(accessor.getProperty(property), managed.snapshot()[i])) {
				if (changed.isEmpty()) {
					changed = new ArrayList<>();
				}
				changed.add(property);
			}
		}
		return changed;
	}

	private int pendingIndex(Class<? extends Change> kind, Object entity) {
		for (int i = 0; i < this.pending.size(); i++) {
			Change change = this.pending.get(i);
			if (kind.isInstance(change) && change.entity() == entity) {
				return i;
			}
		}
		return -1;
	}

	/**
	 * Copy every persistent property of {@code source} onto {@code target}.
	 */
	void copyProperties(Object source, Object target) {
		RelationalPersistentEntity<?> persistentEntity = requiredEntity(target.getClass());
		PersistentPropertyAccessor<Object> from = persistentEntity.getPropertyAccessor(source);
		PersistentPropertyAccessor<Object> to = persistentEntity.getPropertyAccessor(target);
		for (RelationalPersistentProperty property : persistentEntity) {
			to.setProperty(property, from.getProperty(property));
		}
	}

	/**
	 * An entity the session holds, with the property values it was loaded or last flushed
	 * with.
	 */
	record Managed(Object entity, Object[] snapshot) {
	}

	/**
	 * An entity an insert was about to write, with the id and version it had then.
	 */
	private record Inserting(Object entity, @Nullable Object id, @Nullable Object version) {
	}

	/**
	 * The inserts of one attempt of a retrying begin block, kept by its run.
	 */
	static final class InsertJournal {

		private final List<Inserting> entries = new ArrayList<>();

	}

	/**
	 * A saved identity map, restored when a savepoint is rolled back.
	 */
	record State(Map<EntityKey, Managed> identityMap, Map<Object, EntityKey> keysByInstance) {
	}

}
