package io.github.reactivesessions.routedtest;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * An entity that names no bind: it belongs to the default bind.
 */
@Table("rt_shelf")
public class Shelf {

	@Id
	private @Nullable Long id;

	private String label;

	public Shelf() {
		this("");
	}

	public Shelf(String label) {
		this.label = label;
	}

	public @Nullable Long getId() {
		return this.id;
	}

	public void setId(@Nullable Long id) {
		this.id = id;
	}

	public String getLabel() {
		return this.label;
	}

	public void setLabel(String label) {
		this.label = label;
	}

}
