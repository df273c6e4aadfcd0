package io.github.reactivesessions.sample.second;

import io.github.reactivesessions.session.BindKey;
import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A row of the second database: the entity names its bind, so sa_second's create-all makes
 * its table, a routed session takes it there, and a session of another bind refuses it.
 */
@Table("note")
@BindKey("sa_second")
public class Note {

	@Id
	private @Nullable Long id;

	private String text = "";

	public Note() {
	}

	public Note(String text) {
		this.text = text;
	}

	public @Nullable Long getId() {
		return this.id;
	}

	public void setId(@Nullable Long id) {
		this.id = id;
	}

	public String getText() {
		return this.text;
	}

	public void setText(String text) {
		this.text = text;
	}

}
