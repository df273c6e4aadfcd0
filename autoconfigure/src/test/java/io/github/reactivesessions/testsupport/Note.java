package io.github.reactivesessions.testsupport;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/**
 * Test entity with an optimistic-locking version.
 */
@Table("note")
public class Note {

	@Id
	private @Nullable Long id;

	private String text;

	@Version
	private @Nullable Long version;

	public Note() {
		this("");
	}

	public Note(String text) {
		this.text = text;
	}

	public static String ddl(TestDatabase database) {
		return "CREATE TABLE note (id " + database.identityColumn() + ", text VARCHAR(100) NOT NULL, version BIGINT)";
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

	public @Nullable Long getVersion() {
		return this.version;
	}

	public void setVersion(@Nullable Long version) {
		this.version = version;
	}

}
