package io.github.reactivesessions.autoconfigure;

import java.time.Duration;
import java.util.UUID;

import io.github.reactivesessions.bind.Bind;
import io.github.reactivesessions.bind.Binds;
import io.github.reactivesessions.bind.InvalidBindTargetException;
import io.github.reactivesessions.session.ReactiveSessionFactory;
import io.github.reactivesessions.session.TransactionRetry;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.data.r2dbc.autoconfigure.DataR2dbcAutoConfiguration;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.r2dbc.core.DefaultReactiveDataAccessStrategy;
import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ReactiveSessionsAutoConfiguration}.
 */
class ReactiveSessionsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ReactiveSessionsAutoConfiguration.class, R2dbcAutoConfiguration.class,
				R2dbcTransactionManagerAutoConfiguration.class, DataR2dbcAutoConfiguration.class));

	private static String h2(String name) {
		return "r2dbc:h2:mem:///" + name + UUID.randomUUID() + "?options=DB_CLOSE_DELAY=-1";
	}

	@Test
	void entityTemplatesKeepTheirRenderedInsertsUnlessACustomizerTurnsItOff() {
		this.runner.withPropertyValues("sa.binds.sa_main.url=" + h2("main"), "sa.binds.sa_plain.url=" + h2("plain"))
			.withBean(SessionFactoryCustomizer.class,
					() -> (key, builder) -> builder.cacheInsertStatements(!key.equals("sa_plain")))
			.run((context) -> {
				assertThat(context.getBean("sa_mainEntityTemplate", R2dbcEntityTemplate.class).getDataAccessStrategy())
					.isNotExactlyInstanceOf(DefaultReactiveDataAccessStrategy.class);
				assertThat(context.getBean("sa_plainEntityTemplate", R2dbcEntityTemplate.class).getDataAccessStrategy())
					.isExactlyInstanceOf(DefaultReactiveDataAccessStrategy.class);
			});
	}

	@Test
	void everyKeyGetsBeansNamedAfterIt() {
		this.runner.withPropertyValues("sa.binds.sa_main.url=" + h2("main"), "sa.binds.sa_second.url=" + h2("second"))
			.run((context) -> {
				for (String key : new String[] { "sa_main", "sa_second" }) {
					assertThat(context).hasBean(key + "Bind")
						.hasBean(key + "ConnectionFactory")
						.hasBean(key + "DatabaseClient")
						.hasBean(key + "EntityTemplate")
						.hasBean(key + "TransactionManager")
						.hasBean(key + "SessionFactory");
					Bind bind = context.getBean(key + "Bind", Bind.class);
					assertThat(context.getBean(key + "ConnectionFactory")).isSameAs(bind.connectionFactory())
						.isInstanceOf(ConnectionPool.class);
					assertThat(context.getBean(key + "DatabaseClient")).isSameAs(bind.databaseClient());
					assertThat(context.getBean(key + "EntityTemplate")).isSameAs(bind.entityTemplate());
					assertThat(context.getBean(key + "TransactionManager")).isSameAs(bind.transactionManager());
					assertThat(context.getBean(key + "SessionFactory", ReactiveSessionFactory.class).key())
						.isEqualTo(key);
				}
				assertThat(context.getBean(Binds.class).keys()).containsExactly("sa_main", "sa_second");
			});
	}

	@Test
	void beansAreQualifiedByTheirKey() {
		this.runner.withPropertyValues("sa.binds.sa_main.url=" + h2("main"), "sa.binds.sa_second.url=" + h2("second"))
			.withUserConfiguration(QualifiedInjection.class)
			.run((context) -> {
				QualifiedInjection injected = context.getBean(QualifiedInjection.class);
				Bind second = context.getBean("sa_secondBind", Bind.class);
				assertThat(injected.client).isSameAs(second.databaseClient());
				assertThat(injected.sessions).isSameAs(second.sessionFactory());
				assertThat(injected.transactionManager).isSameAs(second.transactionManager());
			});
	}

	@Test
	void defaultKeyBeansArePrimary() {
		this.runner
			.withPropertyValues("sa.binds.sa_main.url=" + h2("main"), "sa.binds.sa_second.url=" + h2("second"),
					"sa.default-key=sa_second")
			.run((context) -> {
				Bind second = context.getBean("sa_secondBind", Bind.class);
				assertThat(context.getBean(ConnectionFactory.class)).isSameAs(second.connectionFactory());
				assertThat(context.getBean(DatabaseClient.class)).isSameAs(second.databaseClient());
				assertThat(context.getBean(R2dbcEntityTemplate.class)).isSameAs(second.entityTemplate());
				assertThat(context.getBean(ReactiveTransactionManager.class)).isSameAs(second.transactionManager());
				assertThat(context.getBean(ReactiveSessionFactory.class)).isSameAs(second.sessionFactory());
				assertThat(context.getBean(Binds.class).defaultKey()).isEqualTo("sa_second");
			});
	}

	@Test
	void springBootSingleDatabaseBeansBackOff() {
		this.runner.withPropertyValues("sa.binds.sa_main.url=" + h2("main"), "spring.r2dbc.url=" + h2("ignored"))
			.run((context) -> {
				assertThat(context).hasSingleBean(ConnectionFactory.class)
					.hasSingleBean(DatabaseClient.class)
					.hasSingleBean(R2dbcEntityTemplate.class)
					.hasSingleBean(ReactiveTransactionManager.class);
				assertThat(context.getBean("r2dbcEntityTemplate")).isSameAs(context.getBean("sa_mainEntityTemplate"));
			});
	}

	@Test
	void userDefinedBindsRegistryTakesPrecedence() {
		this.runner.withPropertyValues("sa.binds.sa_main.url=" + h2("main"))
			.withBean("myBinds", Binds.class, () -> new Binds(java.util.List.of(Bind.of(h2("own")).build())))
			.run((context) -> assertThat(context).hasSingleBean(Binds.class).hasBean("myBinds"));
	}

	@Test
	void programmaticBindsAreMergedWithPropertyBinds() {
		this.runner.withPropertyValues("sa.binds.sa_main.url=" + h2("main"))
			.withBean("reportsBind", Bind.class,
					() -> Bind.of(h2("reports")).key("sa_reports").middleware(false).build())
			.run((context) -> {
				Binds binds = context.getBean(Binds.class);
				assertThat(binds.keys()).containsExactlyInAnyOrder("sa_main", "sa_reports");
				assertThat(binds.bind("sa_reports").isMiddleware()).isFalse();
			});
	}

	@Test
	void connectionFactoryPropertyBindsAnExistingBean() {
		ConnectionPool existing = new ConnectionPool(
				ConnectionPoolConfiguration.builder(ConnectionFactories.get(h2("existing"))).build());
		this.runner.withPropertyValues("sa.binds.sa_main.connection-factory=existingPool")
			.withBean("existingPool", ConnectionFactory.class, () -> existing)
			.run((context) -> {
				assertThat(context.getBean(Binds.class).connectionFactory()).isSameAs(existing);
				assertThat(context.getBean("sa_mainConnectionFactory")).isSameAs(existing);
				assertThat(context).hasSingleBean(ConnectionFactory.class);
			});
		existing.dispose();
	}

	@Test
	void bindPropertiesReachTheBind() {
		this.runner
			.withPropertyValues("sa.binds.sa_main.url=" + h2("main"), "sa.binds.sa_reports.url=" + h2("reports"),
					"sa.binds.sa_reports.middleware=false", "sa.binds.sa_reports.paths=/reports/**",
					"sa.binds.sa_reports.exclude-paths=/reports/health", "sa.binds.sa_reports.read-only=true",
					"sa.binds.sa_reports.expire-on-commit=true", "sa.binds.sa_reports.commit-on-success=true",
					"sa.binds.sa_reports.pool.max-size=3")
			.run((context) -> {
				Bind reports = context.getBean(Binds.class).bind("sa_reports");
				assertThat(reports.isMiddleware()).isFalse();
				assertThat(reports.paths()).containsExactly("/reports/**");
				assertThat(reports.excludePaths()).containsExactly("/reports/health");
				assertThat(reports.isReadOnly()).isTrue();
				assertThat(reports.sessionFactory().isExpireOnCommit()).isTrue();
				assertThat(reports.isCommitOnSuccess()).isTrue();
				assertThat(((ConnectionPool) reports.connectionFactory()).getMetrics().orElseThrow()
					.getMaxAllocatedSize()).isEqualTo(3);
			});
	}

	@Test
	void retryPropertiesBecomeTheDefaultOfTheBindsBeginBlocks() {
		this.runner
			.withPropertyValues("sa.binds.sa_main.url=" + h2("main"), "sa.binds.sa_main.retry.max-attempts=4",
					"sa.binds.sa_main.retry.first-backoff=20ms", "sa.binds.sa_main.retry.max-backoff=2s",
					"sa.binds.sa_main.retry.jitter=0.25", "sa.binds.sa_other.url=" + h2("other"))
			.run((context) -> {
				TransactionRetry retry = context.getBean(Binds.class).sessionFactory("sa_main").getRetry();
				assertThat(retry.getMaxAttempts()).isEqualTo(4);
				assertThat(retry.getFirstBackoff()).isEqualTo(Duration.ofMillis(20));
				assertThat(retry.getMaxBackoff()).isEqualTo(Duration.ofSeconds(2));
				assertThat(retry.getJitter()).isEqualTo(0.25);
				assertThat(context.getBean(Binds.class).sessionFactory("sa_other").getRetry().getMaxAttempts()).isOne();
			});
	}

	@Test
	void poolerPropertyReachesTheBind() {
		this.runner.withPropertyValues("sa.binds.sa_main.url=" + h2("main"), "sa.binds.sa_main.pooler=transaction")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidBindTargetException.class)
				.hasMessageStartingWith("Bind 'sa_main' has pooler: transaction, which is for PostgreSQL binds"));
	}

	@Test
	void invalidRetryPropertyFailsStartupNamingTheBind() {
		this.runner.withPropertyValues("sa.binds.sa_main.url=" + h2("main"), "sa.binds.sa_main.retry.max-attempts=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("Max attempts must be at least 1, not 0")
				.satisfies((ex) -> assertThat(context.getStartupFailure()).hasStackTraceContaining(
						"Retry of bind 'sa_main' is invalid: Max attempts must be at least 1, not 0 (sa.binds.sa_main.retry.*)")));
	}

	@Test
	void closingTheContextClosesThePools() {
		ConnectionPool[] pool = new ConnectionPool[1];
		this.runner.withPropertyValues("sa.binds.sa_main.url=" + h2("main"))
			.run((context) -> pool[0] = (ConnectionPool) context.getBean(ConnectionFactory.class));
		assertThat(pool[0].isDisposed()).isTrue();
	}

	// Zero configuration

	@Test
	void withoutBindsTheSpringR2dbcConnectionFactoryBecomesTheDefaultBind() {
		this.runner.withPropertyValues("spring.r2dbc.url=" + h2("boot"))
			.run((context) -> {
				Binds binds = context.getBean(Binds.class);
				assertThat(binds.keys()).containsExactly("sa_main");
				assertThat(binds.connectionFactory()).isSameAs(context.getBean("connectionFactory"));
				assertThat(context).hasSingleBean(ConnectionFactory.class)
					.hasSingleBean(DatabaseClient.class)
					.hasBean("sa_mainDatabaseClient")
					.hasBean("sa_mainSessionFactory");
			});
	}

	@Test
	void withoutBindsASingleUserConnectionFactoryBecomesTheDefaultBind() {
		ConnectionFactory own = ConnectionFactories.get(h2("own"));
		this.runner.withBean("ownConnectionFactory", ConnectionFactory.class, () -> own)
			.run((context) -> assertThat(context.getBean(Binds.class).connectionFactory()).isSameAs(own));
	}

	@Test
	void withNothingConfiguredAnEmbeddedH2DatabaseIsTheDefaultBind() {
		this.runner.run((context) -> {
			Binds binds = context.getBean(Binds.class);
			assertThat(binds.keys()).containsExactly("sa_main");
			assertThat(binds.connectionFactory().getMetadata().getName()).isEqualTo("H2");
		});
	}

	@Test
	void withOnlyProgrammaticBindsNothingIsAdopted() {
		this.runner.withBean("mainBind", Bind.class, () -> Bind.of(h2("programmatic")).build())
			.run((context) -> {
				assertThat(context.getBean(Binds.class).keys()).containsExactly("sa_main");
				assertThat(context).doesNotHaveBean("sa_mainDatabaseClient");
			});
	}

	// Startup errors

	@Test
	void duplicateKeyFailsStartup() {
		this.runner.withPropertyValues("sa.binds.sa_main.url=" + h2("main"))
			.withBean("again", Bind.class, () -> Bind.of(h2("again")).build())
			.run((context) -> assertFailure(context.getStartupFailure(), new DuplicateBindKeyFailureAnalyzer(),
					"Two binds have the key 'sa_main'.",
					"Give every bind a key of its own: the key 'sa_main' is used by an entry under sa.binds and by a "
							+ "Bind bean, or by two Bind beans. Rename one of them."));
	}

	@Test
	void keysThatDifferOnlyInCaseFailStartup() {
		this.runner.withPropertyValues("sa.binds.sa_main.url=" + h2("main"), "sa.binds.SA_MAIN.url=" + h2("upper"))
			.run((context) -> assertFailure(context.getStartupFailure(), new DuplicateBindKeyFailureAnalyzer(),
					"Binds 'sa_main' and 'SA_MAIN' have keys that differ only in case: keys are case-sensitive, so these "
							+ "are two binds, probably one meant as the other.",
					"Spell the key one way: rename sa.binds.SA_MAIN to sa.binds.sa_main (or the other way round), or "
							+ "give one of them a key that differs in more than case."));
	}

	@Test
	void misspeltPropertyOfABindFailsStartupNamingTheNearestOne() {
		this.runner.withPropertyValues("sa.binds.sa_main.url=" + h2("main"), "sa.binds.sa_second.url=" + h2("second"),
				"sa.binds.sa_second.midleware=false")
			.run((context) -> assertFailure(context.getStartupFailure(), new UnknownBindPropertyFailureAnalyzer(),
					"Property 'sa.binds.sa_second.midleware' is not a property of a bind: did you mean "
							+ "'sa.binds.sa_second.middleware'?",
					"Rename 'sa.binds.sa_second.midleware' to 'sa.binds.sa_second.middleware'."));
		this.runner.withPropertyValues("sa.binds.sa_main.url=" + h2("main"), "sa.binds.sa_main.pool.max-sise=3")
			.run((context) -> assertFailure(context.getStartupFailure(), new UnknownBindPropertyFailureAnalyzer(),
					"Property 'sa.binds.sa_main.pool.max-sise' is not a property of a bind: did you mean "
							+ "'sa.binds.sa_main.pool.max-size'?",
					"Rename 'sa.binds.sa_main.pool.max-sise' to 'sa.binds.sa_main.pool.max-size'."));
	}

	@Test
	void misspeltPropertyOfAReplicaFailsStartupNamingTheNearestOneWithItsIndex() {
		this.runner.withPropertyValues("sa.binds.sa_main.url=" + h2("main"), "sa.binds.sa_main.replicas[1].url=" + h2("a"),
				"sa.binds.sa_main.replicas[1].ulr=" + h2("b"))
			.run((context) -> assertFailure(context.getStartupFailure(), new UnknownBindPropertyFailureAnalyzer(),
					"Property 'sa.binds.sa_main.replicas[1].ulr' is not a property of a bind: did you mean "
							+ "'sa.binds.sa_main.replicas[1].url'?",
					"Rename 'sa.binds.sa_main.replicas[1].ulr' to 'sa.binds.sa_main.replicas[1].url'."));
		this.runner.withPropertyValues("sa.binds.sa_main.url=" + h2("main"), "sa.binds.sa_main.replica-reads.max-lga=1s")
			.run((context) -> assertFailure(context.getStartupFailure(), new UnknownBindPropertyFailureAnalyzer(),
					"Property 'sa.binds.sa_main.replica-reads.max-lga' is not a property of a bind: did you mean "
							+ "'sa.binds.sa_main.replica-reads.max-lag'?",
					"Rename 'sa.binds.sa_main.replica-reads.max-lga' to 'sa.binds.sa_main.replica-reads.max-lag'."));
	}

	@Test
	void replicaWithoutUrlFailsStartupNamingIt() {
		this.runner.withPropertyValues("sa.binds.sa_main.url=" + h2("main"), "sa.binds.sa_main.replicas[0].name=a")
			.run((context) -> assertFailure(context.getStartupFailure(), new InvalidBindTargetFailureAnalyzer(),
					"Replica 1 of bind 'sa_main' (sa.binds.sa_main.replicas[0]) has no url.", null));
	}

	@Test
	void propertyOfABindFarFromEveryKnownOneFailsStartupListingThem() {
		this.runner.withPropertyValues("sa.binds.sa_main.url=" + h2("main"), "sa.binds.sa_main.shards=3")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new UnknownBindPropertyFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis.getDescription())
					.isEqualTo("Property 'sa.binds.sa_main.shards' is not a property of a bind.");
				assertThat(analysis.getAction()).startsWith("Remove 'sa.binds.sa_main.shards', or use one of the "
						+ "properties of a bind: autocommit-reads, commit-on-success, connect-timeout, connection-factory, echo,")
					.endsWith("(and options.* for the driver).");
			});
	}

	@Test
	void listsDriverOptionsAndRelaxedNamesOfABindAreKnown() {
		this.runner.withPropertyValues("sa.binds.sa_main.url=" + h2("main"), "sa.binds.sa_main.options.anything=1",
				"sa.binds.sa_main.paths[0]=/a/**", "sa.binds.sa_main.exclude-paths[0]=/a/b", "sa.binds.sa_main.readOnly=false",
				"sa.binds.sa_main.init.entity-packages[0]=x.y", "sa.binds.sa_main.pool.max-acquire-time=3s",
				"sa.binds.sa_main.read_only=false")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void bindWithoutUrlOrConnectionFactoryFailsStartup() {
		this.runner.withPropertyValues("sa.binds.sa_main.middleware=false")
			.run((context) -> assertFailure(context.getStartupFailure(), new InvalidBindTargetFailureAnalyzer(),
					"Bind 'sa_main' has neither a url nor a connection-factory.",
					"Give bind 'sa_main' exactly one database: set sa.binds.sa_main.url to an R2DBC url such as "
							+ "r2dbc:postgresql://localhost:5432/app, or sa.binds.sa_main.connection-factory to the name "
							+ "of a ConnectionFactory bean (for a Bind bean: Bind.of(url) or "
							+ "Bind.of(connectionFactory))."));
	}

	@Test
	void bindWithUrlAndConnectionFactoryFailsStartup() {
		this.runner
			.withPropertyValues("sa.binds.sa_main.url=" + h2("main"), "sa.binds.sa_main.connection-factory=other")
			.run((context) -> assertFailure(context.getStartupFailure(), new InvalidBindTargetFailureAnalyzer(),
					"Bind 'sa_main' sets both a url and a connection-factory: it needs exactly one.", null));
	}

	@Test
	void unknownDriverFailsStartup() {
		this.runner.withPropertyValues("sa.binds.legacy.url=r2dbc:oracle://localhost:1521/app", "sa.default-key=legacy")
			.run((context) -> assertFailure(context.getStartupFailure(), new UnknownDriverFailureAnalyzer(), null,
					"Update your application's build to depend on the R2DBC driver for 'oracle' (for example "
							+ "org.postgresql:r2dbc-postgresql, io.asyncer:r2dbc-mysql or io.r2dbc:r2dbc-h2), or "
							+ "correct the driver in the url of bind 'legacy' (sa.binds.legacy.url)."));
	}

	@Test
	void missingConnectionFactoryBeanFailsStartup() {
		this.runner.withPropertyValues("sa.binds.sa_main.connection-factory=nowhere")
			.withBean("existing", ConnectionFactory.class, () -> ConnectionFactories.get(h2("existing")))
			.run((context) -> assertFailure(context.getStartupFailure(),
					new MissingConnectionFactoryBeanFailureAnalyzer(),
					"Bind 'sa_main' binds the ConnectionFactory bean 'nowhere', which does not exist. The "
							+ "ConnectionFactory beans are: existing.",
					"Define a ConnectionFactory bean named 'nowhere', or correct "
							+ "sa.binds.sa_main.connection-factory."));
	}

	@Test
	void defaultKeyThatNamesNoBindFailsStartup() {
		this.runner.withPropertyValues("sa.binds.sa_main.url=" + h2("main"), "sa.default-key=sa_mian")
			.run((context) -> assertFailure(context.getStartupFailure(), new DefaultBindNotFoundFailureAnalyzer(),
					"The default key 'sa_mian' names no bind; the binds are 'sa_main'.",
					"Set sa.default-key to one of sa_main, or configure a bind with the key 'sa_mian'."));
	}

	@Test
	void invalidKeyFailsStartup() {
		this.runner.withPropertyValues("sa.binds[sa.main].url=" + h2("main"))
			.run((context) -> assertFailure(context.getStartupFailure(), new InvalidBindKeyFailureAnalyzer(),
					"The bind key 'sa.main' is invalid: keys name Spring beans and configuration entries.",
					"Rename the bind 'sa.main' (under sa.binds, or in Bind.key(...)) to a letter followed by letters, "
							+ "digits and underscores, such as 'sa_reports'. In YAML or properties, a key in brackets "
							+ "keeps characters Spring Boot would otherwise drop."));
	}

	@Test
	void noDatabaseAtAllFailsStartup() {
		this.runner
			.withClassLoader(new FilteredClassLoader(
					new ClassPathResource("META-INF/services/io.r2dbc.spi.ConnectionFactoryProvider")))
			.run((context) -> assertFailure(context.getStartupFailure(), new DefaultBindNotFoundFailureAnalyzer(),
					"No database is configured, so there is no bind for the default key 'sa_main'.",
					"Configure a database: set sa.binds.sa_main.url (or spring.r2dbc.url), or add io.r2dbc:r2dbc-h2 "
							+ "to your build for an embedded database."));
	}

	private static void assertFailure(Throwable failure,
			org.springframework.boot.diagnostics.AbstractFailureAnalyzer<?> analyzer, String description,
			String action) {
		assertThat(failure).isNotNull();
		org.springframework.boot.diagnostics.FailureAnalysis analysis = analyzer.analyze(failure);
		assertThat(analysis).as("analysis of %s", failure).isNotNull();
		if (description != null) {
			assertThat(analysis.getDescription()).isEqualTo(description);
		}
		if (action != null) {
			assertThat(analysis.getAction()).isEqualTo(action);
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class QualifiedInjection {

		final DatabaseClient client;

		final ReactiveSessionFactory sessions;

		final R2dbcTransactionManager transactionManager;

		QualifiedInjection(@Qualifier("sa_second") DatabaseClient client,
				@Qualifier("sa_second") ReactiveSessionFactory sessions,
				@Qualifier("sa_second") R2dbcTransactionManager transactionManager) {
			this.client = client;
			this.sessions = sessions;
			this.transactionManager = transactionManager;
		}

	}

}
