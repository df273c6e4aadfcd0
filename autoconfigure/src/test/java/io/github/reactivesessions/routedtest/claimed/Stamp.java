package io.github.reactivesessions.routedtest.claimed;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * An entity of the second bind by its package, which {@code sa.binds.sa_second.entity-packages}
 * claims.
 */
@Table("rt_stamp")
public class Stamp {

	@Id
	private @Nullable Long id;

	private String mark;

	public Stamp() {
		this("");
	}

	public Stamp(String mark) {
		this.mark = mark;
	}

	public @Nullable Long getId() {
		return this.id;
	}

	public String getMark() {
		return this.mark;
	}

}
