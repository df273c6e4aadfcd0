package io.github.reactivesessions.bind;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link Binds}.
 */
class BindsTests {

	private final Bind main = bind("sa_main");

	private final Bind second = bind("sa_second");

	private static Bind bind(String key) {
		return Bind.of("r2dbc:h2:mem:///" + UUID.randomUUID()).key(key).build();
	}

	@AfterEach
	void close() {
		this.main.close();
		this.second.close();
	}

	@Test
	void bindsAreFoundByKeyAndTheDefaultKeyByDefault() {
		Binds binds = new Binds(List.of(this.main, this.second));
		assertThat(binds.defaultKey()).isEqualTo("sa_main");
		assertThat(binds.keys()).containsExactly("sa_main", "sa_second");
		assertThat(binds.bind()).isSameAs(this.main);
		assertThat(binds.bind("sa_second")).isSameAs(this.second);
		assertThat(binds.connectionFactory("sa_second")).isSameAs(this.second.connectionFactory());
		assertThat(binds.sessionFactory()).isSameAs(this.main.sessionFactory());
		assertThat(binds).containsExactly(this.main, this.second);
	}

	@Test
	void defaultKeyCanBeAnotherBind() {
		Binds binds = new Binds("sa_second", List.of(this.main, this.second));
		assertThat(binds.sessionFactory()).isSameAs(this.second.sessionFactory());
	}

	@Test
	void twoBindsWithOneKeyAreRefused() {
		Bind again = bind("sa_main");
		try {
			assertThatExceptionOfType(DuplicateBindKeyException.class)
				.isThrownBy(() -> new Binds(List.of(this.main, again)))
				.withMessage("Two binds have the key 'sa_main': every bind needs a key of its own");
		}
		finally {
			again.close();
		}
	}

	@Test
	void unknownKeyNamesTheKnownKeys() {
		Binds binds = new Binds(List.of(this.main, this.second));
		assertThatExceptionOfType(BindNotFoundException.class).isThrownBy(() -> binds.sessionFactory("sa_third"))
			.withMessage("No bind has the key 'sa_third'; the binds are 'sa_main', 'sa_second'");
	}

	@Test
	void defaultKeyMustNameABind() {
		assertThatExceptionOfType(DefaultBindNotFoundException.class)
			.isThrownBy(() -> new Binds("sa_nope", List.of(this.main)))
			.withMessage("The default key 'sa_nope' names no bind; the binds are 'sa_main'");
		assertThatExceptionOfType(DefaultBindNotFoundException.class).isThrownBy(() -> new Binds(List.of()))
			.withMessage("No database is configured, so there is no bind for the default key 'sa_main'");
	}

	@Test
	void validKeysAreLettersDigitsAndUnderscores() {
		assertThat(Binds.requireValidKey("sa_reports2")).isEqualTo("sa_reports2");
		assertThatExceptionOfType(InvalidBindKeyException.class).isThrownBy(() -> Binds.requireValidKey("2fast"));
		assertThatExceptionOfType(InvalidBindKeyException.class).isThrownBy(() -> Binds.requireValidKey("sa.main"));
		assertThatExceptionOfType(InvalidBindKeyException.class).isThrownBy(() -> Binds.requireValidKey("sa-main"));
	}

}
