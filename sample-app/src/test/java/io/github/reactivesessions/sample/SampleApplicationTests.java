package io.github.reactivesessions.sample;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.github.reactivesessions.bind.Binds;
import io.github.reactivesessions.testsupport.Sql;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calls the sample's routes that docs/quickstart.md lists, on the sample's embedded H2
 * databases; the storm and fuzz suites also drive {@code /rows}, {@code /notes/joined} and
 * {@code /notes/count}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class SampleApplicationTests {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
	};

	private static final ParameterizedTypeReference<List<Map<String, Object>>> JSON_ARRAY = new ParameterizedTypeReference<>() {
	};

	@Autowired
	private WebTestClient client;

	@Autowired
	private Binds binds;

	@LocalServerPort
	private int port;

	@Test
	void quickstartAddsARowPerRequestAndReturnsPkToTimestamp() {
		Map<String, Object> before = get("/");
		assertThat(before).isNotEmpty();
		assertThat(before.values()).allSatisfy((timestamp) -> assertThat((String) timestamp)
			.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d(:\\d\\d(\\.\\d{1,6})?)?"));
		Map<String, Object> after = get("/");
		assertThat(after).hasSize(before.size() + 1).containsAllEntriesOf(before);
	}

	@Test
	void kotlinRemindersAreAddedListedAndMarkedDoneBySuspendHandlers() {
		String text = "reminder-" + ThreadLocalRandom.current().nextInt(1_000_000);
		Map<String, Object> added = this.client.post().uri("/reminders?text={text}", text).exchange()
			.expectStatus().isCreated()
			.expectBody(JSON_OBJECT).returnResult().getResponseBody();
		assertThat(added).containsEntry("text", text).containsEntry("done", false);
		Object id = added.get("id");
		assertThat(this.client.get().uri("/reminders").accept(MediaType.APPLICATION_NDJSON).exchange()
			.expectStatus().isOk()
			.expectBodyList(JSON_OBJECT).returnResult().getResponseBody())
			.anySatisfy((row) -> assertThat(row).containsEntry("id", id).containsEntry("text", text));
		this.client.post().uri("/reminders/{id}/done", id).exchange().expectStatus().isOk();
		assertThat(get("/reminders/" + id)).containsEntry("done", true);
		this.client.get().uri("/reminders/{id}", -1).exchange().expectStatus().isNotFound();
		this.client.post().uri("/reminders/{id}/done", -1).exchange().expectStatus().isNotFound();
		long reminders = this.client.get().uri("/co/reminders/count").exchange()
			.expectStatus().isOk()
			.expectBody(Long.class).returnResult().getResponseBody();
		assertThat(reminders).isPositive();
		long notes = this.client.get().uri("/reminders/notes/count").exchange()
			.expectStatus().isOk()
			.expectBody(Long.class).returnResult().getResponseBody();
		this.client.get().uri("/co/notes/count").exchange().expectStatus().isOk().expectBody(Long.class).isEqualTo(notes);
	}

	@Test
	void transfersInBothDirectionsAtOnceAllLandAndKeepTheTotal() {
		long first = ThreadLocalRandom.current().nextLong(1_000_000, 2_000_000);
		long second = first + 1;
		this.client.post().uri("/accounts?id={id}&balance=1000", first).exchange().expectStatus().isCreated();
		this.client.post().uri("/accounts?id={id}&balance=1000", second).exchange().expectStatus().isCreated();
		WebClient concurrent = WebClient.create("http://127.0.0.1:" + this.port);
		List<Integer> statuses = Flux.range(0, 40)
			.flatMap((i) -> concurrent.post()
				.uri("/accounts/transfer?from={from}&to={to}&amount={amount}", (i % 2 == 0) ? first : second,
						(i % 2 == 0) ? second : first, (i % 2 == 0) ? 3 : 1)
				.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value())), 16)
			.collectList()
			.block(Duration.ofSeconds(60));
		assertThat(statuses).hasSize(40).containsOnly(200);
		// 20 transfers of 3 one way, 20 of 1 the other.
		assertThat(get("/accounts/" + first)).containsEntry("balance", 960);
		assertThat(get("/accounts/" + second)).containsEntry("balance", 1040);
		this.client.post().uri("/accounts/transfer?from={id}&to=1&amount=0", first).exchange().expectStatus().isBadRequest();
		this.client.post().uri("/accounts/transfer?from={id}&to=-5&amount=7", first).exchange().expectStatus().isNotFound();
		// A credit no BIGINT holds: a 400, and the debit before it rolled back with it.
		this.client.post()
			.uri("/accounts/transfer?from={from}&to={to}&amount={amount}", first, second, Long.MAX_VALUE)
			.exchange()
			.expectStatus()
			.isBadRequest();
		assertThat(get("/accounts/" + first)).containsEntry("balance", 960);
		assertThat(get("/accounts/" + second)).containsEntry("balance", 1040);
	}

	@Test
	void simpleHandlerUsesTheSessionOfTheFilter() {
		int before = count("/simple", "sa_main");
		get("/");
		assertThat(count("/simple", "sa_main")).isEqualTo(before + 1);
	}

	@Test
	void decoratedHandlerOpensTheSecondBind() {
		int before = count("/specific", "sa_second");
		this.client.post().uri("/notes?text=" + unique("note")).exchange().expectStatus().isOk();
		assertThat(count("/specific", "sa_second")).isEqualTo(before + 2);
	}

	@Test
	void handlerCombinesTheFilterAndTheAnnotation() {
		assertThat(get("/both")).isEqualTo(Map.of("sa_main", count("/simple", "sa_main"), "sa_second",
				count("/specific", "sa_second")));
	}

	@Test
	void sessionAndRepositoryWriteInOneTransaction() {
		String text = unique("hello");
		List<Map<String, Object>> notes = this.client.post().uri("/notes?text=" + text).exchange()
			.expectStatus().isOk()
			.expectBody(JSON_ARRAY).returnResult().getResponseBody();
		assertThat(notes).extracting((note) -> note.get("text")).endsWith(text, text + " (repository)");
		String refused = unique("refused");
		this.client.post().uri("/notes?text=" + refused + "&fail=true").exchange().expectStatus().isEqualTo(409);
		assertThat(this.client.get().uri("/notes").exchange().expectBody(JSON_ARRAY).returnResult().getResponseBody())
			.extracting((note) -> (String) note.get("text"))
			.noneMatch((noteText) -> noteText.startsWith(refused))
			.hasSameSizeAs(notes);
	}

	@Test
	void functionalEndpointOpensTheSecondBind() {
		assertThat(get("/fn/specific")).isEqualTo(Map.of("sa_main", count("/simple", "sa_main"), "sa_second",
				count("/specific", "sa_second")));
	}

	@Test
	void commitOnSuccessBindCommitsA201AndRollsBackA400() {
		String book = unique("book");
		Map<String, Object> created = post("/orders?item=" + book + "&quantity=2", 201);
		assertThat(created).containsEntry("item", book).containsKey("id");
		String nothing = unique("nothing");
		assertThat(post("/orders?item=" + nothing + "&quantity=0", 400)).containsEntry("item", nothing);
		assertThat(orderItems()).contains(book).doesNotContain(nothing);
	}

	@Test
	void ordersTableComesFromTheFlywayMigrationOfSaOrders() {
		assertThat(Sql.strings(this.binds.connectionFactory("sa_orders"),
				"SELECT \"script\" FROM \"flyway_schema_history\" WHERE \"success\" AND \"type\" = 'SQL'"))
			.containsExactly("V1__purchase_order.sql");
	}

	@Test
	void routedSessionWritesARowInEachDatabaseFromOneHandler() {
		Map<String, Object> before = get("/routed/summary");
		Map<String, Object> added = post("/routed/notes?text=" + unique("routed"), 200);
		assertThat(added).containsKeys("my_table_pk", "note_id").containsEntry("binds", List.of("sa_main", "sa_second"));
		Map<String, Object> after = get("/routed/summary");
		assertThat(((Number) after.get("sa_main")).longValue()).isEqualTo(((Number) before.get("sa_main")).longValue() + 1);
		assertThat(((Number) after.get("sa_second")).longValue())
			.isEqualTo(((Number) before.get("sa_second")).longValue() + 1);
		// sa_second's own handler sees the note the routed session committed there.
		assertThat((long) count("/specific", "sa_second")).isEqualTo(((Number) after.get("sa_second")).longValue());
	}

	@Test
	void pathScopedBindServesTheNestedRouter() {
		post("/orders?item=" + unique("book") + "&quantity=2", 201);
		get("/");
		assertThat(get("/reports/summary")).isEqualTo(Map.of("rows", count("/simple", "sa_main"), "orders",
				orderItems().size(), "read_only", true));
	}

	@Test
	void paginatedViewServesPagesOfTwentyWithLinks() {
		Map<String, Object> first = get("/books");
		assertThat(first).containsEntry("page_key", 1).containsEntry("page_size", 20).containsEntry("previous_url", null);
		assertThat((List<?>) first.get("items")).hasSize(20);
		assertThat((Integer) first.get("total")).isGreaterThanOrEqualTo(25);
		assertThat((String) first.get("next_url")).endsWith("/books?page_key=2");
		Map<String, Object> second = get("/books?page_key=2");
		assertThat((String) second.get("previous_url")).endsWith("/books?page_key=1");
		this.client.get().uri("/books?page_key=x").exchange()
			.expectStatus().isBadRequest()
			.expectBody().jsonPath("$.parameter").isEqualTo("page_key");
	}

	@Test
	void unitViewReadsEditsAndDeletesOneBook() {
		Map<String, Object> added = this.client.post().uri("/books")
			.bodyValue(Map.of("title", "Draft", "author", "Me", "year", 2024))
			.exchange()
			.expectStatus().isCreated()
			.expectBody(JSON_OBJECT).returnResult().getResponseBody();
		Object id = added.get("id");
		assertThat(get("/books/" + id)).containsEntry("title", "Draft");
		this.client.put().uri("/books/" + id).bodyValue(Map.of("title", "Final", "author", "Me", "year", 2025))
			.exchange()
			.expectStatus().isOk();
		assertThat(get("/books/" + id)).containsEntry("title", "Final").containsEntry("year", 2025);
		this.client.delete().uri("/books/" + id).exchange().expectStatus().isNoContent();
		this.client.get().uri("/books/" + id).exchange().expectStatus().isNotFound();
		this.client.get().uri("/books/abc").exchange().expectStatus().isBadRequest();
		this.client.post().uri("/books").bodyValue(Map.of("title", "", "author", "Me", "year", 2024))
			.exchange()
			.expectStatus().isBadRequest()
			.expectBody().jsonPath("$.detail").isEqualTo("A book needs a title");
	}

	private int count(String uri, String key) {
		return (Integer) get(uri).get(key);
	}

	private List<Object> orderItems() {
		return this.client.get().uri("/orders").exchange().expectBody(JSON_ARRAY).returnResult().getResponseBody()
			.stream().map((order) -> order.get("item")).toList();
	}

	private static String unique(String prefix) {
		return prefix + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
	}

	private Map<String, Object> get(String uri) {
		return this.client.get().uri(uri).exchange().expectStatus().isOk().expectBody(JSON_OBJECT).returnResult()
			.getResponseBody();
	}

	private Map<String, Object> post(String uri, int status) {
		return this.client.post().uri(uri).exchange().expectStatus().isEqualTo(status).expectBody(JSON_OBJECT)
			.returnResult().getResponseBody();
	}

}
