package io.github.reactivesessions.session;

import io.r2dbc.spi.ConnectionFactories;
import org.junit.jupiter.api.Test;

import org.springframework.data.r2dbc.core.DefaultReactiveDataAccessStrategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link ReactiveSessionFactory.Builder}.
 */
class ReactiveSessionFactoryTests {

	@Test
	void factoryWithoutTheKeyOfItsBindIsRefused() {
		ReactiveSessionFactory.Builder builder = ReactiveSessionFactory
			.builder(ConnectionFactories.get("r2dbc:h2:mem:///keyless"));
		assertThatIllegalStateException().isThrownBy(builder::build)
			.withMessage("The key of the bind must be set, e.g. key(\"sa_main\")");
	}

	@Test
	void factoryHasTheKeyItWasGiven() {
		ReactiveSessionFactory sessions = ReactiveSessionFactory
			.builder(ConnectionFactories.get("r2dbc:h2:mem:///keyed"))
			.key("sa_reports")
			.build();
		assertThat(sessions.key()).isEqualTo("sa_reports");
	}

	@Test
	void templateBuiltForTheFactoryRendersEachInsertOnce() {
		ReactiveSessionFactory sessions = ReactiveSessionFactory
			.builder(ConnectionFactories.get("r2dbc:h2:mem:///cached"))
			.key("sa_main")
			.build();
		assertThat(sessions.entityTemplate().getDataAccessStrategy().getStatementMapper())
			.isInstanceOf(InsertStatementCache.class);
	}

	@Test
	void templateBuiltWithoutTheInsertCacheIsSpringDatasOwn() {
		ReactiveSessionFactory sessions = ReactiveSessionFactory
			.builder(ConnectionFactories.get("r2dbc:h2:mem:///uncached"))
			.key("sa_main")
			.cacheInsertStatements(false)
			.build();
		assertThat(sessions.entityTemplate().getDataAccessStrategy())
			.isExactlyInstanceOf(DefaultReactiveDataAccessStrategy.class);
		assertThat(sessions.entityTemplate().getDataAccessStrategy().getStatementMapper())
			.isNotInstanceOf(InsertStatementCache.class);
	}

}
