package io.github.reactivesessions.view;

import org.springframework.data.relational.core.query.Criteria;

/**
 * Gives the primary key of the request: aiohttp-sqlalchemy's {@code PrimaryKeyMixin}, read from the
 * {@code {pk}} path variable and converted to the type of the model's {@code @Id}.
 *
 * <p>Unlike aiohttp-sqlalchemy, whose {@code sa_pk_attr} is unset until a view sets it (so its unit
 * statements match no row, or every row for an update or delete), the column always comes
 * from the model's {@code @Id} in the bind's mapping.
 *
 * @param <T> the entity type
 * @since 0.1.0
 */
public interface PrimaryKeyMixin<T> extends SaModelMixin<T> {

	/**
	 * Name of the path variable holding the primary key by default.
	 */
	String PK = "pk";

	/**
	 * Return the name of the path variable holding the primary key.
	 * @return the path variable, {@value #PK} by default
	 */
	default String pkVariable() {
		return PK;
	}

	/**
	 * Return the primary key of the request, of the type of the model's {@code @Id}. Whole
	 * numbers must be decimal and in the range of the type, UUIDs in canonical form.
	 * @return the primary key
	 * @throws ViewException (400, naming the path variable) when it is empty or malformed
	 * @throws IllegalStateException when the route has no such path variable or the model
	 * no {@code @Id}
	 */
	default Object pk() {
		return PrimaryKeys.of(this);
	}

	/**
	 * Return the criteria selecting the row of the request's primary key.
	 * @return {@code where(<@Id property>).is(pk())}
	 * @throws ViewException when the primary key is malformed
	 */
	default Criteria pkCriteria() {
		return Criteria.where(Models.idProperty(Models.entity(this)).getName()).is(pk());
	}

}
