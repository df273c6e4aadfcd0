package io.github.reactivesessions.testsupport;

import java.util.Map;
import java.util.function.Supplier;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * The two databases of one kind, a main one and a second one, that a Spring test context
 * binds to: a test class names the kind with one of the nested initializers, as in
 * {@code @ContextConfiguration(initializers = TestDatabases.Postgres.class)}.
 *
 * <p>The initializer creates them when the context starts, so that a class that
 * {@link RequiresDatabase} skips never connects to the server, and drops them when the
 * context closes or fails to start. The context has them as a bean, and their urls as the
 * properties that {@link #MAIN_URL} and {@link #SECOND_URL} resolve to.
 */
public final class TestDatabases implements AutoCloseable {

	/**
	 * Placeholder of the main database's url, for a test's properties.
	 */
	public static final String MAIN_URL = "${test.databases.main.url}";

	/**
	 * Placeholder of the second database's url, for a test's properties.
	 */
	public static final String SECOND_URL = "${test.databases.second.url}";

	/**
	 * Placeholder of the main database's {@link TestDatabase#connectionIdQuery()}, for a
	 * test's properties.
	 */
	public static final String MAIN_CONNECTION_ID_QUERY = "${test.databases.main.connection-id-query}";

	private final TestDatabase main;

	private final TestDatabase second;

	private TestDatabases(Supplier<TestDatabase> factory) {
		this.main = factory.get();
		this.second = factory.get();
	}

	public TestDatabase main() {
		return this.main;
	}

	public TestDatabase second() {
		return this.second;
	}

	/**
	 * Drop both databases.
	 */
	@Override
	public void close() {
		this.main.close();
		this.second.close();
	}

	private Map<String, Object> properties() {
		return Map.of("test.databases.main.url", this.main.url(), "test.databases.second.url", this.second.url(),
				"test.databases.main.connection-id-query", this.main.connectionIdQuery());
	}

	/**
	 * Creates the databases of a context with the factory of their kind.
	 */
	abstract static class Initializer implements ApplicationContextInitializer<GenericApplicationContext> {

		private final Supplier<TestDatabase> factory;

		Initializer(Supplier<TestDatabase> factory) {
			this.factory = factory;
		}

		@Override
		public void initialize(GenericApplicationContext context) {
			TestDatabases databases = new TestDatabases(this.factory);
			DefaultListableBeanFactory beanFactory = context.getDefaultListableBeanFactory();
			beanFactory.registerSingleton("testDatabases", databases);
			// Registered first, destroyed last: after the pools of the binds have closed.
			beanFactory.registerDisposableBean("testDatabases", databases::close);
			context.getEnvironment()
				.getPropertySources()
				.addLast(new MapPropertySource("testDatabases", databases.properties()));
		}

	}

	/**
	 * Two in-memory H2 databases.
	 */
	public static final class H2 extends Initializer {

		public H2() {
			super(H2TestDatabase::new);
		}

	}

	/**
	 * Two schemas on the PostgreSQL server of {@link DatabaseServer#POSTGRES}.
	 */
	public static final class Postgres extends Initializer {

		public Postgres() {
			super(PostgresTestDatabase::new);
		}

	}

	/**
	 * Two databases on the MySQL or MariaDB server of {@link DatabaseServer#MYSQL}.
	 */
	public static final class MySql extends Initializer {

		public MySql() {
			super(MySqlTestDatabase::new);
		}

	}

}
