package io.github.reactivesessions.replicatest;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * The entity of the replica suites: the primary and the replica hold different rows of
 * it, so that what a request reads says where it read.
 */
@Table("rp_item")
public class Item {

	@Id
	private @Nullable Long id;

	private String label;

	public Item() {
		this("");
	}

	public Item(String label) {
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
