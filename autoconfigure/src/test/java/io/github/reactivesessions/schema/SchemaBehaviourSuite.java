package io.github.reactivesessions.schema;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.IntStream;

import io.github.reactivesessions.bind.Binds;
import io.github.reactivesessions.session.ReactiveSessionFactory;
import io.github.reactivesessions.testsupport.Sql;
import io.github.reactivesessions.testsupport.TestDatabase;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.data.annotation.Id;
import org.springframework.data.domain.Sort;
import org.springframework.data.relational.core.mapping.Table;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.data.relational.core.query.Query;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The behaviour of {@link SchemaManager}, written once and run against every database by a
 * subclass that supplies it: the tables it creates hold what sessions write.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SchemaBehaviourSuite {

	private static final int PAGE_SIZE = 20;

	private TestDatabase database;

	private ReactiveSessionFactory sessions;

	private SchemaManager schema;

	protected abstract TestDatabase createDatabase();

	@BeforeAll
	void createDatabaseOnce() {
		this.database = createDatabase();
		this.sessions = ReactiveSessionFactory.builder(this.database.connectionFactory()).key(Binds.DEFAULT_KEY).build();
		this.schema = new SchemaManager(this.sessions.entityTemplate());
	}

	@AfterEach
	void dropTables() {
		StepVerifier.create(this.schema.dropAll(AllTypes.class, Order.class)).verifyComplete();
	}

	@AfterAll
	void dropDatabase() {
		this.database.close();
	}

	@Test
	void createAllCreatesATablePerEntity() {
		StepVerifier.create(this.schema.createAll(AllTypes.class, Order.class)).verifyComplete();
		assertThat(tables()).containsExactlyInAnyOrder("all_types", "order");
	}

	@Test
	void everySupportedTypeRoundTrips() {
		StepVerifier.create(this.schema.createAll(AllTypes.class)).verifyComplete();
		AllTypes written = everyValue();
		StepVerifier.create(this.sessions.inTransaction((session) -> Mono.just(session.add(written))))
			.expectNextCount(1)
			.verifyComplete();
		assertThat(written.id).isNotNull();
		StepVerifier.create(this.sessions.withSession((session) -> session.get(AllTypes.class, written.id)))
			.assertNext((read) -> {
				assertThat(read).isNotSameAs(written);
				assertThat(read.text).isEqualTo("grüße, 'quoted'");
				assertThat(read.integerValue).isEqualTo(Integer.MIN_VALUE);
				assertThat(read.intValue).isEqualTo(Integer.MAX_VALUE);
				assertThat(read.longWrapper).isEqualTo(Long.MIN_VALUE);
				assertThat(read.longValue).isEqualTo(Long.MAX_VALUE);
				assertThat(read.shortWrapper).isEqualTo(Short.MIN_VALUE);
				assertThat(read.shortValue).isEqualTo(Short.MAX_VALUE);
				assertThat(read.booleanWrapper).isFalse();
				assertThat(read.booleanValue).isTrue();
				assertThat(read.doubleWrapper).isEqualTo(-1.0e-300);
				assertThat(read.doubleValue).isEqualTo(Math.PI);
				assertThat(read.floatWrapper).isEqualTo(-0.125f);
				// Eight significant digits: more than MariaDB sends of a FLOAT column.
				assertThat(read.floatValue).isEqualTo(16_777_216f);
				assertThat(read.decimal).isEqualByComparingTo("-1234567890123456789012345678.0123456789");
				assertThat(read.date).isEqualTo(LocalDate.of(2024, 2, 29));
				assertThat(read.time).isEqualTo(LocalTime.of(23, 59, 58, 123_456_000));
				assertThat(read.dateTime).isEqualTo(LocalDateTime.of(1999, 12, 31, 23, 59, 59, 999_999_000));
				assertThat(read.instant).isEqualTo(Instant.parse("2024-03-31T01:30:00.654321Z"));
				// The instant survives everywhere; only H2 keeps the offset.
				assertThat(read.offsetDateTime).isAtSameInstantAs(written.offsetDateTime);
				assertThat(read.uuid).isEqualTo(written.uuid);
				assertThat(read.bytes).containsExactly(0, 1, -1, 127, -128);
				assertThat(read.colour).isEqualTo(AllTypes.Colour.GREEN);
				assertThat(read.version).isEqualTo(written.version).isNotNull();
			})
			.verifyComplete();
	}

	@Test
	void nullableColumnsRoundTripNulls() {
		StepVerifier.create(this.schema.createAll(AllTypes.class)).verifyComplete();
		AllTypes written = new AllTypes();
		StepVerifier.create(this.sessions.inTransaction((session) -> Mono.just(session.add(written))))
			.expectNextCount(1)
			.verifyComplete();
		StepVerifier.create(this.sessions.withSession((session) -> session.get(AllTypes.class, written.id)))
			.assertNext((read) -> {
				assertThat(read).isNotSameAs(written);
				assertThat(read.text).isNull();
				assertThat(read.integerValue).isNull();
				assertThat(read.intValue).isZero();
				assertThat(read.decimal).isNull();
				assertThat(read.instant).isNull();
				assertThat(read.offsetDateTime).isNull();
				assertThat(read.uuid).isNull();
				assertThat(read.bytes).isNull();
				assertThat(read.colour).isNull();
			})
			.verifyComplete();
	}

	@Test
	void reservedWordsWorkInEveryStatementTheSessionIssues() {
		StepVerifier.create(this.schema.createAll(Order.class)).verifyComplete();
		Mono<List<Object>> work = this.sessions.inTransaction((session) -> {
			session.add(new Order("first"));
			session.add(new Order("second"));
			return session.selectOne(Order.class, Query.query(Criteria.where("key").is("first")))
				.doOnNext((order) -> order.key = "renamed")
				.then(session.delete(Order.class, Query.query(Criteria.where("key").is("second"))))
				.then(Flux.<Object>concat(session.count(Order.class, Query.empty()),
						session.select(Order.class, Query.empty()).map((order) -> order.key))
					.collectList());
		});
		StepVerifier.create(work).expectNext(List.<Object>of(1L, "renamed")).verifyComplete();
	}

	@Test
	void createAllTwiceChangesNothing() {
		StepVerifier.create(this.schema.createAll(AllTypes.class, Order.class)).verifyComplete();
		StepVerifier.create(this.sessions.inTransaction((session) -> Mono.just(session.add(new Order("kept")))))
			.expectNextCount(1)
			.verifyComplete();
		StepVerifier.create(this.schema.createAll(AllTypes.class, Order.class)).verifyComplete();
		assertThat(tables()).containsExactlyInAnyOrder("all_types", "order");
		StepVerifier.create(this.sessions.withSession((session) -> session.select(Order.class, Query.empty())
			.map((order) -> order.key)
			.collectList())).expectNext(List.of("kept")).verifyComplete();
	}

	@Test
	void dropAllLeavesNoTable() {
		StepVerifier.create(this.schema.createAll(AllTypes.class, Order.class)).verifyComplete();
		assertThat(tables()).isNotEmpty();
		StepVerifier.create(this.schema.dropAll(AllTypes.class, Order.class)).verifyComplete();
		assertThat(tables()).isEmpty();
	}

	@Test
	void dropAllOfTablesThatDoNotExistIsANoOp() {
		StepVerifier.create(this.schema.dropAll(AllTypes.class, Order.class)).verifyComplete();
		assertThat(tables()).isEmpty();
	}

	@Test
	void unsupportedPropertyCreatesNoTableAtAll() {
		StepVerifier.create(this.schema.createAll(Order.class, Unsupported.class))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("property 'total' of entity " + Unsupported.class.getName())
				.hasMessageContaining("java.math.BigInteger"))
			.verify();
		assertThat(tables()).isEmpty();
	}

	@Test
	void dropAllNeedsOnlyTheTableName() {
		Sql.execute(this.database.connectionFactory(), "CREATE TABLE unsupported (id INTEGER)");
		StepVerifier.create(this.schema.dropAll(Unsupported.class)).verifyComplete();
		assertThat(tables()).isEmpty();
	}

	@Test
	void offsetPaginationReadsEveryRowExactlyOnce() {
		StepVerifier.create(this.schema.createAll(Order.class)).verifyComplete();
		List<String> keys = IntStream.rangeClosed(1, 21).mapToObj("order-%02d"::formatted).toList();
		StepVerifier.create(this.sessions.inTransaction((session) -> {
			keys.forEach((key) -> session.add(new Order(key)));
			return session.flush();
		})).verifyComplete();
		StepVerifier.create(this.sessions.withSession((session) -> session.count(Order.class, Query.empty())))
			.expectNext(21L)
			.verifyComplete();
		List<List<String>> pages = new ArrayList<>();
		for (int page = 0; page < 3; page++) {
			pages.add(page(page));
		}
		assertThat(pages).extracting(List::size).containsExactly(20, 1, 0);
		assertThat(pages.stream().flatMap(List::stream)).containsExactlyElementsOf(keys);
	}

	private List<String> page(int page) {
		Query query = Query.empty().sort(Sort.by("id")).limit(PAGE_SIZE).offset((long) page * PAGE_SIZE);
		return this.sessions
			.withSession((session) -> session.select(Order.class, query).map((order) -> order.key).collectList())
			.block();
	}

	private List<String> tables() {
		return Sql.strings(this.database.connectionFactory(), this.database.tableNamesQuery())
			.stream()
			.map((name) -> name.toLowerCase(Locale.ROOT))
			.toList();
	}

	private static AllTypes everyValue() {
		AllTypes values = new AllTypes();
		values.text = "grüße, 'quoted'";
		values.integerValue = Integer.MIN_VALUE;
		values.intValue = Integer.MAX_VALUE;
		values.longWrapper = Long.MIN_VALUE;
		values.longValue = Long.MAX_VALUE;
		values.shortWrapper = Short.MIN_VALUE;
		values.shortValue = Short.MAX_VALUE;
		values.booleanWrapper = false;
		values.booleanValue = true;
		values.doubleWrapper = -1.0e-300;
		values.doubleValue = Math.PI;
		values.floatWrapper = -0.125f;
		values.floatValue = 16_777_216f;
		values.decimal = new BigDecimal("-1234567890123456789012345678.0123456789");
		values.date = LocalDate.of(2024, 2, 29);
		values.time = LocalTime.of(23, 59, 58, 123_456_000);
		values.dateTime = LocalDateTime.of(1999, 12, 31, 23, 59, 59, 999_999_000);
		values.instant = Instant.parse("2024-03-31T01:30:00.654321Z");
		values.offsetDateTime = OffsetDateTime.of(2030, 6, 15, 8, 0, 0, 1_000, ZoneOffset.ofHoursMinutes(5, 30));
		values.uuid = UUID.randomUUID();
		values.bytes = new byte[] { 0, 1, -1, 127, -128 };
		values.colour = AllTypes.Colour.GREEN;
		return values;
	}

	@Table("unsupported")
	static class Unsupported {

		@Id
		@Nullable Long id;

		@Nullable BigInteger total;

	}

}
