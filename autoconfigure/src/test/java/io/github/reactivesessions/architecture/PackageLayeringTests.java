package io.github.reactivesessions.architecture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks the layering of the library's packages by reading their imports: each package uses
 * only those below it, and the packages below {@code web} know neither the web nor Spring
 * Boot, so they work in a batch job or a test without a server.
 */
class PackageLayeringTests {

	private static final Path SOURCES = Path.of("src/main/java/io/github/reactivesessions");

	private static final Pattern OWN_IMPORT = Pattern.compile("^import (?:static )?io\\.github\\.reactivesessions\\.([a-z]+)\\.",
			Pattern.MULTILINE);

	private static final Pattern WEB_OR_BOOT_IMPORT = Pattern
		.compile("^import (?:static )?(org\\.springframework\\.(?:boot|web|http)\\.[\\w.]+)", Pattern.MULTILINE);

	private static final Map<String, Set<String>> ALLOWED = Map.of("session", Set.of(), "schema", Set.of("session"),
			"bind", Set.of("session", "schema"), "web", Set.of("session", "schema", "bind"), "view",
			Set.of("session", "schema", "bind", "web"), "autoconfigure",
			Set.of("session", "schema", "bind", "web", "view"));

	@Test
	void eachPackageUsesOnlyThePackagesBelowIt() throws IOException {
		List<String> violations = new ArrayList<>();
		for (Path source : sources()) {
			String layer = layerOf(source);
			Matcher imports = OWN_IMPORT.matcher(Files.readString(source));
			while (imports.find()) {
				String used = imports.group(1);
				if (!used.equals(layer) && !ALLOWED.getOrDefault(layer, Set.of()).contains(used)) {
					violations.add(SOURCES.relativize(source) + " uses " + used);
				}
			}
		}
		assertThat(violations).isEmpty();
	}

	@Test
	void sessionSchemaAndBindKnowNeitherTheWebNorSpringBoot() throws IOException {
		List<String> violations = new ArrayList<>();
		for (Path source : sources()) {
			if (Set.of("session", "schema", "bind").contains(layerOf(source))) {
				Matcher imports = WEB_OR_BOOT_IMPORT.matcher(Files.readString(source));
				while (imports.find()) {
					violations.add(SOURCES.relativize(source) + " imports " + imports.group(1));
				}
			}
		}
		assertThat(violations).isEmpty();
	}

	@Test
	void everyLayerIsKnown() throws IOException {
		assertThat(sources()).isNotEmpty().allSatisfy((source) -> assertThat(ALLOWED).containsKey(layerOf(source)));
	}

	private static List<Path> sources() throws IOException {
		try (Stream<Path> files = Files.walk(SOURCES)) {
			return files.filter((file) -> file.toString().endsWith(".java")).toList();
		}
	}

	private static String layerOf(Path source) {
		return SOURCES.relativize(source).getName(0).toString();
	}

}
