package io.github.reactivesessions.entitybinds.conflict;

import io.github.reactivesessions.session.BindKey;
import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * An entity annotated for the default bind, in a package a test lets another bind claim.
 */
@Table("disputed")
@BindKey("sa_main")
public class Disputed {

	@Id
	private @Nullable Long id;

}
