package io.github.reactivesessions.sample.quickstart;

import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * aiohttp-sqlalchemy's quickstart model: a primary key and a timestamp that defaults to now.
 */
@Table("my_table")
public class MyModel {

	@Id
	private @Nullable Long pk;

	// Databases keep microseconds; the identity map hands back this very instance.
	private LocalDateTime timestamp = LocalDateTime.now().truncatedTo(ChronoUnit.MICROS);

	public @Nullable Long getPk() {
		return this.pk;
	}

	public void setPk(@Nullable Long pk) {
		this.pk = pk;
	}

	public LocalDateTime getTimestamp() {
		return this.timestamp;
	}

	public void setTimestamp(LocalDateTime timestamp) {
		this.timestamp = timestamp;
	}

}
