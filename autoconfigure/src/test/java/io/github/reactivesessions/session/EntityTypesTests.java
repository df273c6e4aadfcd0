package io.github.reactivesessions.session;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.data.annotation.Id;
import org.springframework.data.r2dbc.mapping.R2dbcMappingContext;
import org.springframework.data.relational.core.mapping.RelationalPersistentEntity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EntityTypes}: the mapping context is asked once per type, whatever its
 * answer, since a session asks for every row it loads.
 */
class EntityTypesTests {

	private final CountingMappingContext mappingContext = new CountingMappingContext();

	private final EntityTypes entityTypes = new EntityTypes(this.mappingContext, "sa_main", EntityBinds.annotated());

	@Test
	void findAsksTheMappingContextOncePerEntityType() {
		RelationalPersistentEntity<?> first = this.entityTypes.find(Book.class);
		RelationalPersistentEntity<?> second = this.entityTypes.find(Book.class);
		assertThat(first).isNotNull().isSameAs(second);
		assertThat(first.getType()).isEqualTo(Book.class);
		assertThat(this.mappingContext.lookups.get()).isOne();
	}

	@Test
	void findRemembersThatASimpleTypeIsNoEntity() {
		assertThat(this.entityTypes.find(Long.class)).isNull();
		assertThat(this.entityTypes.find(Long.class)).isNull();
		assertThat(this.mappingContext.lookups.get()).isOne();
	}

	@Test
	void requiredAndFindShareTheirLookup() {
		RelationalPersistentEntity<?> found = this.entityTypes.find(Book.class);
		assertThat(this.entityTypes.required(Book.class)).isSameAs(found);
		assertThat(this.mappingContext.lookups.get()).isOne();
	}

	static class Book {

		@Id
		Long id;

		String title;

	}

	/**
	 * Counts the lookups {@link EntityTypes#find(Class)} makes.
	 */
	static class CountingMappingContext extends R2dbcMappingContext {

		final AtomicInteger lookups = new AtomicInteger();

		@Override
		public RelationalPersistentEntity<?> getPersistentEntity(Class<?> type) {
			this.lookups.incrementAndGet();
			return super.getPersistentEntity(type);
		}

	}

}
