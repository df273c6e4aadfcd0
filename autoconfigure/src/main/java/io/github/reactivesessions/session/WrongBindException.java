package io.github.reactivesessions.session;

import org.springframework.dao.InvalidDataAccessApiUsageException;

/**
 * Thrown when a session is given an entity type that declares another bind (with
 * {@link BindKey @BindKey} or a bind's {@code entity-packages}): its table is in the other
 * bind's database, so the statement is refused before it is sent, instead of failing there
 * with "table not found" or, worse, finding a table of the same name.
 *
 * @since 0.1.0
 */
public class WrongBindException extends InvalidDataAccessApiUsageException {

	private final String key;

	private final String entityKey;

	private final Class<?> entityType;

	/**
	 * Create an exception for a session and the entity it refused.
	 * @param key the key of the session's bind
	 * @param entityType the entity type
	 * @param entityKey the key of the bind the entity belongs to
	 * @param how how the entity declares it
	 */
	public WrongBindException(String key, Class<?> entityType, String entityKey, String how) {
		super(("Entity %s belongs to bind '%s' (%s), but this session is of bind '%s': use the session of '%s' "
				+ "(@SessionKey(\"%s\"), ReactiveSessions.current(\"%s\")) or a RoutedSession, which takes each "
				+ "entity to its bind").formatted(entityType.getSimpleName(), entityKey, how, key, entityKey, entityKey,
						entityKey));
		this.key = key;
		this.entityType = entityType;
		this.entityKey = entityKey;
	}

	/**
	 * Return the key of the session that refused the entity.
	 * @return the session's bind key
	 */
	public String getKey() {
		return this.key;
	}

	/**
	 * Return the key of the bind the entity belongs to.
	 * @return the entity's bind key
	 */
	public String getEntityKey() {
		return this.entityKey;
	}

	/**
	 * Return the refused entity type.
	 * @return the entity type
	 */
	public Class<?> getEntityType() {
		return this.entityType;
	}

}
