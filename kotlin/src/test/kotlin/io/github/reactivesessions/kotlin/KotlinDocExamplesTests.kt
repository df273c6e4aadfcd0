package io.github.reactivesessions.kotlin

import org.assertj.core.api.Assertions.assertThat
import org.jetbrains.kotlin.cli.common.ExitCode
import org.jetbrains.kotlin.cli.jvm.K2JVMCompiler
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import java.io.ByteArrayOutputStream
import java.io.PrintStream
import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.nio.file.Path

/**
 * Compiles every ` ```kotlin ` block of the docs with the Kotlin compiler, against this
 * module's test class path, so that the code a reader copies compiles as shown, imports
 * included. As for the Java blocks (`DocExamplesTests` in the sample app), every block is a
 * whole source file and the blocks of one page are compiled together.
 */
class KotlinDocExamplesTests {

	/**
	 * The pages that show Kotlin, with the fewest blocks each must have: a page whose blocks
	 * the extraction misses fails here instead of passing with nothing compiled.
	 */
	private val minimumBlocks = mapOf("docs/kotlin.md" to 6)

	private val root = Path.of("..")

	@Test
	fun everyKotlinBlockOfTheDocsCompiles(@TempDir work: Path) {
		for ((page, minimum) in this.minimumBlocks) {
			val blocks = blocks(Files.readString(this.root.resolve(page)))
			assertThat(blocks).`as`("```kotlin blocks found in %s", page).hasSizeGreaterThanOrEqualTo(minimum)
			val output = compile(blocks, Files.createDirectories(work.resolve(page.replace(Regex("\\W"), "_"))))
			assertThat(output.first).`as`("kotlinc on the blocks of %s:%n%s", page, output.second).isEqualTo(ExitCode.OK)
		}
	}

	@Test
	fun aBrokenBlockFailsWithTheCompilersMessage(@TempDir work: Path) {
		val blocks = blocks("Text.\n\n```kotlin\npackage com.example\n\nfun broken(): Int = \"not an int\"\n```\n")
		assertThat(blocks).hasSize(1)
		val output = compile(blocks, work)
		assertThat(output.first).isEqualTo(ExitCode.COMPILATION_ERROR)
		assertThat(output.second).contains("block1.kt:3")
	}

	private fun blocks(page: String): List<String> =
		Regex("^```kotlin\\s*\\n(.*?)^```\\s*$", setOf(RegexOption.MULTILINE, RegexOption.DOT_MATCHES_ALL))
			.findAll(page)
			.map { it.groupValues[1] }
			.toList()

	private fun compile(blocks: List<String>, work: Path): Pair<ExitCode, String> {
		val sources = Files.createDirectories(work.resolve("src"))
		val files = blocks.mapIndexed { index, block ->
			Files.writeString(sources.resolve("block${index + 1}.kt"), block).toString()
		}
		val messages = ByteArrayOutputStream()
		val exitCode = K2JVMCompiler().exec(PrintStream(messages, true, StandardCharsets.UTF_8), "-no-stdlib",
				"-no-reflect", "-jvm-target", "17", "-Xjsr305=strict", "-classpath",
				System.getProperty("java.class.path"), "-d", work.resolve("classes").toString(), *files.toTypedArray())
		return exitCode to messages.toString(StandardCharsets.UTF_8)
	}

}
