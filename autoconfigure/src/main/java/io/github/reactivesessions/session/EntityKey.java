package io.github.reactivesessions.session;

/**
 * Identity of an entity in a session's identity map: its mapped type and its id.
 *
 * @param type the entity type
 * @param id the id value, converted to the type of the entity's {@code @Id} property
 */
record EntityKey(Class<?> type, Object id) {

	@Override
	public String toString() {
		return this.type.getSimpleName() + "#" + this.id;
	}

}
