package io.github.reactivesessions.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.data.mapping.context.MappingContext;
import org.springframework.data.relational.core.mapping.RelationalPersistentEntity;
import org.springframework.data.relational.core.mapping.RelationalPersistentProperty;

/**
 * The mapping metadata of entity types, looked up once per type for all the sessions of a
 * factory: sessions live for one request, and every get, load and flush asks for it.
 */
final class EntityTypes {

	private final MappingContext<? extends RelationalPersistentEntity<?>, ? extends RelationalPersistentProperty> mappingContext;

	private final String key;

	private final EntityBinds entityBinds;

	// Types checked against the factory's bind: their entities are cached only once checked.
	private final Set<Class<?>> ofThisBind = ConcurrentHashMap.newKeySet();

	private final Map<Class<?>, RelationalPersistentEntity<?>> entities = new ConcurrentHashMap<>();

	// Types the mapping context has no entity for (simple types a statement selects).
	private final Set<Class<?>> notEntities = ConcurrentHashMap.newKeySet();

	private final Map<Class<?>, List<RelationalPersistentProperty>> trackedProperties = new ConcurrentHashMap<>();

	EntityTypes(MappingContext<? extends RelationalPersistentEntity<?>, ? extends RelationalPersistentProperty> mappingContext,
			String key, EntityBinds entityBinds) {
		this.mappingContext = mappingContext;
		this.key = key;
		this.entityBinds = entityBinds;
	}

	/**
	 * Refuse a type that declares another bind than the factory's.
	 * @throws WrongBindException when it does
	 * @throws InvalidEntityBindException when it declares two
	 */
	void requireBind(Class<?> type) {
		RuntimeException wrongBind = checkBind(type);
		if (wrongBind != null) {
			throw wrongBind;
		}
	}

	/**
	 * The refusal of a type that declares another bind than the factory's (or two binds), or
	 * {@code null}.
	 */
	@Nullable RuntimeException checkBind(Class<?> type) {
		if (this.ofThisBind.contains(type)) {
			return null;
		}
		String declared;
		try {
			declared = this.entityBinds.declaredKey(type);
		}
		catch (InvalidEntityBindException ex) {
			// A type the startup check did not see, claimed by two binds.
			return ex;
		}
		if (declared != null && !declared.equals(this.key)) {
			return new WrongBindException(this.key, type, declared, this.entityBinds.howDeclared(type));
		}
		this.ofThisBind.add(type);
		return null;
	}

	/**
	 * The metadata of a mapped type.
	 * @throws org.springframework.data.mapping.MappingException when the type is not mapped
	 */
	RelationalPersistentEntity<?> required(Class<?> type) {
		RelationalPersistentEntity<?> entity = this.entities.get(type);
		if (entity == null) {
			requireBind(type);
			entity = this.mappingContext.getRequiredPersistentEntity(type);
			this.entities.put(type, entity);
		}
		return entity;
	}

	/**
	 * The metadata of a type, or {@code null} when the type is not an entity (a projection).
	 */
	@Nullable RelationalPersistentEntity<?> find(Class<?> type) {
		// Asked for every row a session loads. The mapping context answers under a read
		// lock, after a lookup of the type's TypeInformation: about 100 ns each time.
		RelationalPersistentEntity<?> entity = this.entities.get(type);
		if (entity != null || this.notEntities.contains(type)) {
			return entity;
		}
		entity = this.mappingContext.getPersistentEntity(type);
		if (entity != null) {
			requireBind(type);
			this.entities.put(type, entity);
		}
		else {
			this.notEntities.add(type);
		}
		return entity;
	}

	/**
	 * The properties dirty checking compares, in the entity's property order: all but the
	 * id, the version and insert-only ones.
	 */
	List<RelationalPersistentProperty> trackedProperties(RelationalPersistentEntity<?> entity) {
		// Looked up before computeIfAbsent, whose lambda (capturing the entity) would be
		// allocated on every call: this runs for every entity a session loads.
		List<RelationalPersistentProperty> tracked = this.trackedProperties.get(entity.getType());
		if (tracked != null) {
			return tracked;
		}
		List<RelationalPersistentProperty> properties = new ArrayList<>();
		for (RelationalPersistentProperty property : entity) {
			if (!property.isIdProperty() && !property.isVersionProperty() && !property.isInsertOnly()) {
				properties.add(property);
			}
		}
		tracked = List.copyOf(properties);
		this.trackedProperties.put(entity.getType(), tracked);
		return tracked;
	}

}
