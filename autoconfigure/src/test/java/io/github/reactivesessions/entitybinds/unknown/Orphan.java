package io.github.reactivesessions.entitybinds.unknown;

import io.github.reactivesessions.session.BindKey;
import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * An entity that names a bind no application here has.
 */
@Table("orphan")
@BindKey("sa_nowhere")
public class Orphan {

	@Id
	private @Nullable Long id;

}
