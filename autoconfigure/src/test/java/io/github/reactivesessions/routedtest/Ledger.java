package io.github.reactivesessions.routedtest;

import io.github.reactivesessions.session.BindKey;
import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * An entity of the second bind, by annotation. Its entry is unique, so that a flush can be
 * made to fail.
 */
@Table("rt_ledger")
@BindKey("sa_second")
public class Ledger {

	@Id
	private @Nullable Long id;

	private String entry;

	public Ledger() {
		this("");
	}

	public Ledger(String entry) {
		this.entry = entry;
	}

	public @Nullable Long getId() {
		return this.id;
	}

	public void setId(@Nullable Long id) {
		this.id = id;
	}

	public String getEntry() {
		return this.entry;
	}

	public void setEntry(String entry) {
		this.entry = entry;
	}

}
