package io.github.reactivesessions.schema;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * Test entity whose table and column names are reserved words in every supported database.
 */
@Table("order")
class Order {

	@Id
	@Nullable Long id;

	@Nullable String key;

	Order() {
	}

	Order(String key) {
		this.key = key;
	}

	@Override
	public String toString() {
		return "Order[" + this.id + ", " + this.key + "]";
	}

}
