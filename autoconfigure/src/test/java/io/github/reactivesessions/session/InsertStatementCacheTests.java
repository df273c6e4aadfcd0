package io.github.reactivesessions.session;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.data.r2dbc.core.DefaultReactiveDataAccessStrategy;
import org.springframework.data.r2dbc.core.StatementMapper;
import org.springframework.data.r2dbc.core.StatementMapper.InsertSpec;
import org.springframework.data.r2dbc.dialect.H2Dialect;
import org.springframework.data.r2dbc.dialect.MySqlDialect;
import org.springframework.data.r2dbc.dialect.PostgresDialect;
import org.springframework.data.r2dbc.dialect.R2dbcDialect;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.r2dbc.core.PreparedOperation;
import org.springframework.r2dbc.core.binding.BindTarget;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link InsertStatementCache}: an INSERT rendered once runs the SQL and the
 * bindings Spring Data's own statement mapper gives, in the dialect of each database the
 * starter supports.
 */
class InsertStatementCacheTests {

	static Stream<R2dbcDialect> dialects() {
		return Stream.of(H2Dialect.INSTANCE, PostgresDialect.INSTANCE, MySqlDialect.INSTANCE);
	}

	@ParameterizedTest
	@MethodSource("dialects")
	void laterInsertsReuseTheRenderedSqlAndBindTheirOwnValues(R2dbcDialect dialect) {
		Mappers mappers = Mappers.of(dialect);
		InsertSpec first = insert("ann", 30);
		PreparedOperation<?> rendered = mappers.cached().getMappedObject(first);
		assertThat(rendered).isNotInstanceOf(RenderedStatement.class);
		assertSameStatement(rendered, mappers.spring().getMappedObject(first));
		InsertSpec second = insert("bob", 40);
		PreparedOperation<?> reused = mappers.cached().getMappedObject(second);
		assertThat(reused).isInstanceOf(RenderedStatement.class);
		assertSameStatement(reused, mappers.spring().getMappedObject(second));
		assertThat(bindings(reused)).containsExactly("0=bob", "1=40", "2=null:String");
	}

	@ParameterizedTest
	@MethodSource("dialects")
	void eachListOfColumnsHasItsOwnStatement(R2dbcDialect dialect) {
		Mappers mappers = Mappers.of(dialect);
		InsertSpec withoutId = insert("ann", 30);
		InsertSpec withId = insert("bob", 40).withColumn("id", Parameter.from(7L));
		InsertSpec otherTable = StatementMapper.InsertSpec.create("note").withColumn("name", Parameter.from("c"));
		for (int call = 0; call < 2; call++) {
			for (InsertSpec spec : List.of(withoutId, withId, otherTable)) {
				assertSameStatement(mappers.cached().getMappedObject(spec), mappers.spring().getMappedObject(spec));
			}
		}
		assertThat(mappers.cached().getMappedObject(withId).toQuery()).contains("id")
			.isNotEqualTo(mappers.cached().getMappedObject(withoutId).toQuery());
	}

	@ParameterizedTest
	@MethodSource("dialects")
	void statementsBeyondTheLimitAreRenderedOnEveryCall(R2dbcDialect dialect) {
		Mappers mappers = Mappers.of(dialect);
		for (int i = 0; i < InsertStatementCache.MAX_STATEMENTS; i++) {
			mappers.cached().getMappedObject(InsertSpec.create("t" + i).withColumn("name", Parameter.from("x")));
		}
		InsertSpec beyond = insert("ann", 30);
		mappers.cached().getMappedObject(beyond);
		PreparedOperation<?> again = mappers.cached().getMappedObject(beyond);
		assertThat(again).isNotInstanceOf(RenderedStatement.class);
		assertSameStatement(again, mappers.spring().getMappedObject(beyond));
		assertThat(mappers.cached().getMappedObject(InsertSpec.create("t0").withColumn("name", Parameter.from("y"))))
			.isInstanceOf(RenderedStatement.class);
	}

	private static InsertSpec insert(String name, int age) {
		return InsertSpec.create("person")
			.withColumn("name", Parameter.from(name))
			.withColumn("age", Parameter.from(age))
			.withColumn("nickname", Parameter.empty(String.class));
	}

	private static void assertSameStatement(PreparedOperation<?> actual, PreparedOperation<?> expected) {
		assertThat(actual.toQuery()).isEqualTo(expected.toQuery());
		assertThat(bindings(actual)).isEqualTo(bindings(expected));
	}

	private static List<String> bindings(PreparedOperation<?> operation) {
		List<String> bound = new ArrayList<>();
		operation.bindTo(new BindTarget() {

			@Override
			public void bind(String identifier, Object value) {
				bound.add(identifier + "=" + value);
			}

			@Override
			public void bind(int index, Object value) {
				bound.add(index + "=" + value);
			}

			@Override
			public void bindNull(String identifier, Class<?> type) {
				bound.add(identifier + "=null:" + type.getSimpleName());
			}

			@Override
			public void bindNull(int index, Class<?> type) {
				bound.add(index + "=null:" + type.getSimpleName());
			}

		});
		return bound;
	}

	/**
	 * Spring Data's statement mapper, and the starter's on the same dialect and converter.
	 */
	private record Mappers(StatementMapper spring, StatementMapper cached) {

		static Mappers of(R2dbcDialect dialect) {
			DefaultReactiveDataAccessStrategy spring = new DefaultReactiveDataAccessStrategy(dialect);
			return new Mappers(spring.getStatementMapper(),
					new SessionDataAccessStrategy(dialect, spring.getConverter()).getStatementMapper());
		}

	}

}
