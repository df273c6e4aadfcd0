package io.github.reactivesessions.autoconfigure;

import java.util.UUID;
import java.util.function.Consumer;

import io.github.reactivesessions.bind.Bind;
import io.github.reactivesessions.bind.Binds;
import io.github.reactivesessions.session.ReactiveSessionFactory;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import org.springframework.aot.test.generate.TestGenerationContext;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.beans.factory.annotation.BeanFactoryAnnotationUtils;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.test.tools.CompileWithForkedClassLoader;
import org.springframework.core.test.tools.TestCompiler;
import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.javapoet.ClassName;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for the beans of {@link BindBeansRegistrar} under Spring AOT: the application is
 * processed ahead of time as the build does, the generated code compiled, and a fresh
 * context started with it and with the runtime's properties.
 */
@CompileWithForkedClassLoader
class BindBeansAotTests {

	@Test
	void bindOfUrlTakesItsSettingsFromTheRuntimeProperties() {
		String runtimeUrl = h2Url();
		processAndStart(ReactiveSessionsAutoConfiguration.class,
				new String[] { "sa.binds.sa_main.url=" + h2Url(),
						"sa.binds.sa_main.init.schema-locations=classpath:init/schema.sql" },
				new String[] { "sa.binds.sa_main.url=" + runtimeUrl,
						"sa.binds.sa_main.init.schema-locations=classpath:init/schema.sql",
						"sa.binds.sa_main.init.data-locations=classpath:init/data.sql" },
				(context) -> {
					assertThat(context.getBeansOfType(Bind.class)).containsOnlyKeys("sa_mainBind");
					for (Class<?> type : new Class<?>[] { ConnectionFactory.class, DatabaseClient.class,
							R2dbcEntityTemplate.class, R2dbcTransactionManager.class, ReactiveSessionFactory.class }) {
						assertThat(BeanFactoryAnnotationUtils.qualifiedBeanOfType(context.getBeanFactory(), type,
								"sa_main"))
							.isSameAs(context.getBean(type));
					}
					assertThat(context.getBean("r2dbcEntityTemplate")).isSameAs(context.getBean(R2dbcEntityTemplate.class));
					assertThat(context.getBean(Binds.class).bind().key()).isEqualTo("sa_main");
					// The runtime's data script ran, on the runtime's url.
					StepVerifier
						.create(DatabaseClient.create(ConnectionFactories.get(runtimeUrl))
							.sql("SELECT label FROM tag ORDER BY id")
							.map((row) -> row.get(0, String.class))
							.all())
						.expectNext("first", "second")
						.verifyComplete();
				});
	}

	@Test
	void defaultKeyAdoptsTheApplicationsConnectionFactory() {
		processAndStart(UserConnectionFactoryConfiguration.class, new String[0], new String[0], (context) -> {
			Bind bind = context.getBean("sa_mainBind", Bind.class);
			assertThat(bind.connectionFactory()).isSameAs(context.getBean("userConnectionFactory"));
			assertThat(context.getBean(DatabaseClient.class)).isSameAs(context.getBean("sa_mainDatabaseClient"));
			StepVerifier.create(context.getBean(DatabaseClient.class).sql("SELECT 1").map((row) -> row.get(0, Integer.class)).one())
				.expectNext(1)
				.verifyComplete();
		});
	}

	@Test
	void bindMissingAtRuntimeFailsNamingItsKey() {
		assertThatExceptionOfType(BeanCreationException.class)
			.isThrownBy(() -> processAndStart(ReactiveSessionsAutoConfiguration.class,
					new String[] { "sa.binds.sa_main.url=" + h2Url() },
					new String[] { "sa.binds.other.url=" + h2Url() }, (context) -> {
					}))
			.havingRootCause()
			.isInstanceOf(IllegalStateException.class)
			.withMessageStartingWith("Bind 'sa_main' was configured when the application was processed ahead of time, "
					+ "but sa.binds.sa_main is not configured now");
	}

	private static void processAndStart(Class<?> configuration, String[] buildProperties, String[] runtimeProperties,
			Consumer<GenericApplicationContext> assertions) {
		AnnotationConfigApplicationContext build = new AnnotationConfigApplicationContext();
		TestPropertyValues.of(buildProperties).applyTo(build);
		build.register(configuration);
		TestGenerationContext generationContext = new TestGenerationContext(BindBeansAotTests.class);
		ClassName initializer = new ApplicationContextAotGenerator().processAheadOfTime(build, generationContext);
		generationContext.writeGeneratedContent();
		TestCompiler.forSystem().with(generationContext).compile((compiled) -> {
			GenericApplicationContext runtime = new GenericApplicationContext();
			TestPropertyValues.of(runtimeProperties).applyTo(runtime);
			@SuppressWarnings("unchecked")
			ApplicationContextInitializer<GenericApplicationContext> generated = compiled
				.getInstance(ApplicationContextInitializer.class, initializer.toString());
			generated.initialize(runtime);
			try {
				runtime.refresh();
				assertions.accept(runtime);
			}
			finally {
				runtime.close();
			}
		});
	}

	private static String h2Url() {
		return "r2dbc:h2:mem:///" + UUID.randomUUID() + "?options=DB_CLOSE_DELAY=-1";
	}

	@Configuration(proxyBeanMethods = false)
	@Import(ReactiveSessionsAutoConfiguration.class)
	static class UserConnectionFactoryConfiguration {

		@Bean
		ConnectionFactory userConnectionFactory() {
			return ConnectionFactories.get(h2Url());
		}

	}

}
