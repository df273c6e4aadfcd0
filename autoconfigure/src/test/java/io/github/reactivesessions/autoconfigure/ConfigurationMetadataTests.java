package io.github.reactivesessions.autoconfigure;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import io.github.reactivesessions.bind.Binds;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks the configuration metadata IDEs read: every {@code sa.*} property has a
 * description, and the per-bind entries ({@code sa.binds.*.<name>}, written by hand in
 * {@code additional-spring-configuration-metadata.json} because the annotation processor
 * documents a {@code Map} of groups only as {@code sa.binds}) are exactly the properties of
 * {@link SaProperties.Bind}, {@link BindPoolProperties} and {@link SaProperties.Init}.
 */
class ConfigurationMetadataTests {

	private static final String BIND_PREFIX = "sa.binds.*.";

	@Test
	void everySaPropertyHasADescription() throws Exception {
		List<String> undocumented = new ArrayList<>();
		for (JsonNode property : properties()) {
			String name = property.get("name").asString();
			JsonNode description = property.get("description");
			if (name.startsWith("sa.") && (description == null || description.asString().isBlank())) {
				undocumented.add(name);
			}
		}
		assertThat(undocumented).as("sa.* properties without a description").isEmpty();
	}

	@Test
	void perBindEntriesMatchTheBindProperties() throws Exception {
		Set<String> documented = new TreeSet<>();
		for (JsonNode property : properties()) {
			String name = property.get("name").asString();
			if (name.startsWith(BIND_PREFIX)) {
				// A list of groups (replicas[*].url) is known as replicas.url.
				documented.add(name.substring(BIND_PREFIX.length()).replace("[*]", ""));
			}
		}
		// The names the startup check of sa.binds.<key>.* knows.
		assertThat(documented).isEqualTo(BindPropertyNames.known());
	}

	/**
	 * The annotation processor cannot read a constant of another class, so the default key
	 * IDEs show is written in the additional metadata: it must be the one the binds use.
	 */
	@Test
	void defaultKeyIsTheKeyTheBindsUseByDefault() throws Exception {
		JsonNode defaultKey = null;
		for (JsonNode property : properties()) {
			if (property.get("name").asString().equals("sa.default-key")) {
				defaultKey = property;
			}
		}
		assertThat(defaultKey).as("sa.default-key in the metadata").isNotNull();
		assertThat(defaultKey.get("defaultValue").asString()).isEqualTo(Binds.DEFAULT_KEY);
		assertThat(new SaProperties().getDefaultKey()).isEqualTo(Binds.DEFAULT_KEY);
	}

	/**
	 * The configuration reference, {@code docs/configuration.md}, has a row for every
	 * property IDEs know, written with {@code <key>} where the metadata has {@code *}.
	 */
	@Test
	void everyPropertyHasARowInTheConfigurationReference() throws Exception {
		String reference = Files.readString(Path.of("../docs/configuration.md"));
		List<String> missing = new ArrayList<>();
		for (JsonNode property : properties()) {
			String name = property.get("name").asString();
			if (name.equals("sa.binds")) {
				// The map itself: its entries are the per-bind rows.
				continue;
			}
			String row = name.replace("sa.binds.*.", "sa.binds.<key>.");
			if (property.get("type") != null && property.get("type").asString().startsWith("java.util.Map")) {
				row = row + ".*";
			}
			if (!reference.contains("| `" + row + "` |")) {
				missing.add(row);
			}
		}
		assertThat(missing).as("properties missing from docs/configuration.md").isEmpty();
	}

	private static List<JsonNode> properties() throws Exception {
		try (InputStream in = new ClassPathResource("META-INF/spring-configuration-metadata.json").getInputStream()) {
			List<JsonNode> properties = new ArrayList<>();
			JsonMapper.builder().build().readTree(in).get("properties").forEach(properties::add);
			return properties;
		}
	}

}
