package io.github.reactivesessions.migrationtest;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * An entity whose table a Flyway migration creates, with a column the entity does not map:
 * had create-all run first, the table would lack it and the migration would fail.
 */
@Table("mig_book")
public class MigBook {

	@Id
	private @Nullable Long id;

	private String title = "";

	public @Nullable Long getId() {
		return this.id;
	}

	public String getTitle() {
		return this.title;
	}

}
