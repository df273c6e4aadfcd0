package io.github.reactivesessions.session;

import java.util.UUID;

import io.github.reactivesessions.bind.Binds;
import io.r2dbc.spi.ConnectionFactories;
import org.junit.jupiter.api.Test;

import org.springframework.data.r2dbc.convert.R2dbcConverter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MySqlConverters} in the default entity template (creating a connection
 * factory does no I/O, and nothing listens on its port).
 */
class MySqlConvertersTests {

	@Test
	void uuidIsWrittenAsTextOnMySql() {
		R2dbcConverter converter = converter("r2dbc:mysql://app@127.0.0.1:1/test");
		assertThat(converter.getTargetType(UUID.class)).isEqualTo(String.class);
		UUID uuid = UUID.randomUUID();
		assertThat(converter.getConversionService().convert(uuid.toString(), UUID.class)).isEqualTo(uuid);
	}

	@Test
	void uuidIsLeftToTheDriverElsewhere() {
		assertThat(converter("r2dbc:postgresql://app@127.0.0.1:1/test").getTargetType(UUID.class))
			.isEqualTo(UUID.class);
		assertThat(converter("r2dbc:h2:mem:///uuid").getTargetType(UUID.class)).isEqualTo(UUID.class);
	}

	private static R2dbcConverter converter(String url) {
		return ReactiveSessionFactory.builder(ConnectionFactories.get(url)).key(Binds.DEFAULT_KEY).build().entityTemplate().getConverter();
	}

}
