package io.github.reactivesessions.benchmarks.field;

import java.util.Map;

import io.r2dbc.spi.ConnectionFactory;

import io.github.reactivesessions.benchmarks.app.BenchmarkPools;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.data.r2dbc.repository.config.EnableR2dbcRepositories;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * The application of the field load command: the starter's routes, the same routes on
 * Spring's template in a {@link TransactionalOperator}, and on a repository without a
 * transaction, all on the benchmark's main pool, so that the routes differ only in their
 * code.
 *
 * <p>The template routes and the repository get a template and an operator of their own,
 * made as Spring Boot makes them without the starter. In an application on the starter the
 * {@code R2dbcEntityTemplate} bean is the bind's, which renders each INSERT once; on it, the
 * repository would measure the starter's INSERT instead of Spring Data's.
 *
 * <p>Started on its own (by the command, in a JVM of its own), it prints
 * {@value #LISTENING} and its port once it listens.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@EnableR2dbcRepositories(basePackageClasses = ItemRepository.class, entityOperationsRef = FieldApplication.TEMPLATE)
@Import({ BenchmarkPools.class, SessionRoutes.class, OperatorRoutes.class, RepositoryRoutes.class })
public class FieldApplication {

	/**
	 * What the application prints on standard output, followed by its port, once it listens.
	 */
	public static final String LISTENING = "Field application listening on port ";

	/**
	 * Bean name of the template of the template routes and the repository.
	 */
	static final String TEMPLATE = "springEntityTemplate";

	/**
	 * Bean name of the operator of the template routes.
	 */
	static final String OPERATOR = "springTransactionalOperator";

	@Bean(TEMPLATE)
	R2dbcEntityTemplate springEntityTemplate(@Qualifier(BenchmarkPools.MAIN) ConnectionFactory pool) {
		return new R2dbcEntityTemplate(pool);
	}

	// The transaction manager is no bean: the bind's stays the only one, which the starter
	// and Spring Boot's own auto-configurations look for.
	@Bean(OPERATOR)
	TransactionalOperator springTransactionalOperator(@Qualifier(BenchmarkPools.MAIN) ConnectionFactory pool) {
		return TransactionalOperator.create(new R2dbcTransactionManager(pool));
	}

	/**
	 * Start the application; {@code bench.url} (or the environment's {@code BENCH_URL})
	 * names its database, the other properties have defaults.
	 * @param args Spring Boot arguments, such as {@code --server.port=8080}
	 */
	public static void main(String[] args) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(FieldApplication.class)
			.web(WebApplicationType.REACTIVE)
			.properties(Map.of("sa.binds.sa_main.connection-factory", BenchmarkPools.MAIN, "bench.pool-size", "10",
					"server.address", "127.0.0.1", "spring.main.banner-mode", "off", "spring.main.log-startup-info",
					"false"))
			.run(args);
		System.out.println(LISTENING + context.getEnvironment().getRequiredProperty("local.server.port"));
	}

}
