package io.github.reactivesessions.sample;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compiles every {@code ```java} block of the README and of the pages under {@code docs/}
 * against the sample app's test class path, so that the code a reader copies compiles as
 * shown, imports included.
 *
 * <p>The convention: every block is a whole compilation unit (package, imports, one or more
 * types), and the blocks of one page are compiled together, so a later block may use a type
 * an earlier block of the same page declares. There are no fragments.
 */
class DocExamplesTests {

	private static final Path ROOT = Path.of("..");

	/**
	 * The pages that show Java, with the fewest blocks each must have: a page whose blocks
	 * the extraction misses fails here instead of passing with nothing compiled.
	 */
	private static final Map<String, Integer> MINIMUM_BLOCKS = Map.of("README.md", 2, "docs/quickstart.md", 3,
			"docs/sessions.md", 8, "docs/web.md", 11, "docs/views.md", 5, "docs/schema.md", 2, "docs/operations.md", 2,
			"docs/migrating.md", 1, "docs/several-databases.md", 3, "docs/read-replicas.md", 1);

	private static final Pattern OPENING_FENCE = Pattern.compile("^(\\s*)```java\\s*$");

	private static final Pattern CLOSING_FENCE = Pattern.compile("^\\s*```\\s*$");

	private static final Pattern PUBLIC_TYPE = Pattern
		.compile("^public\\s+(?:(?:final|abstract|sealed|non-sealed)\\s+)*(?:class|interface|enum|record|@interface)\\s+(\\w+)",
				Pattern.MULTILINE);

	@Test
	void everyJavaBlockOfTheDocsCompiles(@TempDir Path classes) throws IOException {
		Map<String, List<Block>> pages = pages();
		MINIMUM_BLOCKS.forEach((page, minimum) -> assertThat(pages.getOrDefault(page, List.of()))
			.as("```java blocks found in %s", page)
			.hasSizeGreaterThanOrEqualTo(minimum));
		List<String> failures = new ArrayList<>();
		for (Map.Entry<String, List<Block>> page : pages.entrySet()) {
			if (!page.getValue().isEmpty()) {
				Path output = Files.createDirectories(classes.resolve(page.getKey().replaceAll("\\W", "_")));
				failures.addAll(compile(page.getValue(), output));
			}
		}
		assertThat(failures).as("compiler errors in the docs' Java blocks").isEmpty();
	}

	@Test
	void aBrokenBlockFailsWithItsPageLineAndDiagnostic(@TempDir Path classes) {
		Block broken = extract("docs/example.md", """
				Some text.

				```java
				package com.example;

				class Broken {

					int value = "not a number";

				}
				```
				""").get(0);
		assertThat(compile(List.of(broken), classes)).singleElement()
			.asString()
			.startsWith("docs/example.md:8: ")
			.contains("incompatible types");
	}

	private static Map<String, List<Block>> pages() throws IOException {
		Map<String, List<Block>> pages = new LinkedHashMap<>();
		List<Path> files = new ArrayList<>();
		files.add(ROOT.resolve("README.md"));
		try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
			docs.filter((file) -> file.toString().endsWith(".md")).sorted().forEach(files::add);
		}
		for (Path file : files) {
			String name = ROOT.relativize(file).toString().replace(File.separatorChar, '/');
			pages.put(name, extract(name, Files.readString(file)));
		}
		return pages;
	}

	static List<Block> extract(String page, String markdown) {
		List<Block> blocks = new ArrayList<>();
		String[] lines = markdown.split("\n", -1);
		for (int i = 0; i < lines.length; i++) {
			Matcher opening = OPENING_FENCE.matcher(lines[i]);
			if (opening.matches()) {
				int indent = opening.group(1).length();
				int firstLine = i + 2;
				StringBuilder source = new StringBuilder();
				i++;
				while (i < lines.length && !CLOSING_FENCE.matcher(lines[i]).matches()) {
					String line = lines[i];
					source.append(line, Math.min(indent, leadingSpaces(line)), line.length()).append('\n');
					i++;
				}
				assertThat(i).as("%s:%d: a ```java block without its closing fence", page, firstLine - 1)
					.isLessThan(lines.length);
				blocks.add(new Block(page, firstLine, blocks.size(), source.toString()));
			}
		}
		return blocks;
	}

	private static int leadingSpaces(String line) {
		int count = 0;
		while (count < line.length() && line.charAt(count) == ' ') {
			count++;
		}
		return count;
	}

	private static List<String> compile(List<Block> blocks, Path classes) {
		JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
		assertThat(compiler).as("a JDK's compiler").isNotNull();
		DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
		List<String> options = List.of("-proc:none", "-classpath", System.getProperty("java.class.path"), "-d",
				classes.toString());
		try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
			compiler.getTask(null, files, diagnostics, options, null, blocks.stream().map(BlockSource::new).toList())
				.call();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		List<String> failures = new ArrayList<>();
		for (Diagnostic<? extends JavaFileObject> diagnostic : diagnostics.getDiagnostics()) {
			if (diagnostic.getKind() == Diagnostic.Kind.ERROR) {
				failures.add(describe(diagnostic));
			}
		}
		return failures;
	}

	private static String describe(Diagnostic<? extends JavaFileObject> diagnostic) {
		String message = diagnostic.getMessage(Locale.ROOT);
		if (diagnostic.getSource() instanceof BlockSource source) {
			Block block = source.block;
			long line = block.firstLine() + diagnostic.getLineNumber() - 1;
			return "%s:%d: %s (block %d, opened at line %d)".formatted(block.page(), line, message, block.index() + 1,
					block.firstLine() - 1);
		}
		return message;
	}

	/**
	 * A {@code ```java} block: its page, the page's line of its first line of code, its
	 * position on the page and its code.
	 */
	record Block(String page, int firstLine, int index, String code) {

		/**
		 * Return the name of the file the block would be: its public type's, since javac
		 * requires it, otherwise one made up from the block's position.
		 */
		String fileName() {
			Matcher type = PUBLIC_TYPE.matcher(this.code);
			return (type.find() ? type.group(1) : "Block" + (this.index + 1)) + ".java";
		}

	}

	private static final class BlockSource extends SimpleJavaFileObject {

		private final Block block;

		BlockSource(Block block) {
			super(URI.create("string:///b" + (block.index() + 1) + "/" + block.fileName()), Kind.SOURCE);
			this.block = block;
		}

		@Override
		public CharSequence getCharContent(boolean ignoreEncodingErrors) {
			return this.block.code();
		}

	}

}
