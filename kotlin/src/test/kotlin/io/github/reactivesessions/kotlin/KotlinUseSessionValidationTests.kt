package io.github.reactivesessions.kotlin

import io.github.reactivesessions.autoconfigure.ReactiveSessionsAutoConfiguration
import io.github.reactivesessions.autoconfigure.ReactiveSessionsWebAutoConfiguration
import io.github.reactivesessions.web.UseSession
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flowOf
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration
import org.springframework.boot.autoconfigure.AutoConfigurations
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration
import org.springframework.core.NestedExceptionUtils
import java.util.UUID

/**
 * The startup check of `@UseSession` on Kotlin functions: suspend functions and functions
 * returning a Flow are accepted, a function returning a plain value is refused.
 */
class KotlinUseSessionValidationTests {

	private val runner = ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ReactiveSessionsAutoConfiguration::class.java,
				ReactiveSessionsWebAutoConfiguration::class.java, WebFluxAutoConfiguration::class.java,
				AopAutoConfiguration::class.java))
		.withPropertyValues("sa.binds.sa_main.url=${h2()}", "sa.binds.sa_second.url=${h2()}",
				"sa.binds.sa_second.middleware=false")

	@Test
	fun useSessionOnSuspendAndFlowFunctionsIsFine() {
		this.runner.withBean(ReactiveService::class.java).run { context -> assertThat(context).hasNotFailed() }
	}

	@Test
	fun useSessionOnAFunctionReturningAPlainValueFailsStartupSayingWhatKotlinNeeds() {
		this.runner.withBean(BlockingService::class.java).run { context ->
			assertThat(NestedExceptionUtils.getMostSpecificCause(context.startupFailure!!))
				.isInstanceOf(IllegalStateException::class.java)
				.hasMessage("@UseSession on BlockingService.count(..), which returns long: the session lives as long "
						+ "as the method's publisher, so the method must return a Mono or Flux (in Kotlin: be a suspend "
						+ "fun or return a Flow)")
		}
	}

	// open: a bean that is not a @Component is left final by the spring compiler plugin.
	open class ReactiveService {

		@UseSession("sa_second")
		open suspend fun count(): Long = currentSession("sa_second").awaitCount<Any>()

		@UseSession("sa_second")
		open fun names(): Flow<String> = flowOf()

	}

	open class BlockingService {

		@UseSession("sa_second")
		open fun count(): Long = 0

	}

	private fun h2() = "r2dbc:h2:mem:///${UUID.randomUUID()}?options=DB_CLOSE_DELAY=-1"

}
