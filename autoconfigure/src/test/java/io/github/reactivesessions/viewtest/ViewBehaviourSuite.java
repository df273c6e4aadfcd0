package io.github.reactivesessions.viewtest;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.github.reactivesessions.bind.Binds;
import io.github.reactivesessions.testsupport.TestDatabases;
import io.r2dbc.pool.ConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.data.domain.Sort;
import org.springframework.data.relational.core.query.Query;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Class-based views and their mixins through the real filter chain, written once and run
 * against every database by a subclass that names the {@link TestDatabases} initializer of
 * two of them.
 *
 * <p>Binds: {@code sa_main} (filter, all paths), {@code sa_second} (middleware=false, second
 * database) and {@code sa_commit} (filter, /commit/**, commit-on-success). Spring Boot's
 * error settings are left at their defaults, which keep exception messages out of error
 * responses: the messages asserted here are the views' own problem details.
 */
@SpringBootTest(classes = ViewTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@DirtiesContext
abstract class ViewBehaviourSuite {

	private static final String LONG_RANGE = "from -9223372036854775808 to 9223372036854775807";

	@Autowired
	private WebTestClient client;

	@LocalServerPort
	private int port;

	@Autowired
	private Binds binds;

	@DynamicPropertySource
	static void binds(DynamicPropertyRegistry registry) {
		registry.add("sa.binds.sa_main.url", () -> TestDatabases.MAIN_URL);
		registry.add("sa.binds.sa_second.url", () -> TestDatabases.SECOND_URL);
		registry.add("sa.binds.sa_second.middleware", () -> "false");
		registry.add("sa.binds.sa_commit.url", () -> TestDatabases.MAIN_URL);
		registry.add("sa.binds.sa_commit.paths", () -> "/commit/**");
		registry.add("sa.binds.sa_commit.commit-on-success", () -> "true");
		for (String key : List.of("sa_main", "sa_second", "sa_commit")) {
			registry.add("sa.binds." + key + ".pool.max-size", () -> "4");
		}
	}

	@BeforeEach
	void createTables() {
		for (String key : List.of("sa_main", "sa_second")) {
			this.binds.dropAll(key, Product.class).then(this.binds.initDb(key, Product.class)).block();
		}
	}

	@AfterEach
	void everyConnectionIsReturned() {
		for (String key : this.binds.keys()) {
			await().atMost(Duration.ofSeconds(5)).until(() -> acquired(key) == 0);
		}
	}

	// aiohttp-sqlalchemy's tests/test_web_handlers.py

	@Test
	void unitAddWritesTheBodyAndGivesItsGeneratedId() {
		Product added = this.client.post().uri("/products").bodyValue(Map.of("name", "added", "price", 5)).exchange()
			.expectStatus().isCreated()
			.expectBody(Product.class).returnResult().getResponseBody();
		assertThat(added).isNotNull();
		assertThat(added.getId()).isNotNull();
		assertThat(rows()).singleElement().satisfies((row) -> {
			assertThat(row.getId()).isEqualTo(added.getId());
			assertThat(row.getName()).isEqualTo("added");
			assertThat(row.getPrice()).isEqualTo(5);
		});
	}

	@Test
	void unitDeleteStatementIsRestrictedByPk() {
		List<Product> seeded = seed("a", "b", "c");
		this.client.delete().uri("/products/{pk}", seeded.get(1).getId()).exchange().expectStatus().isNoContent();
		assertThat(described(rows())).containsExactly(described(seeded.get(0)), described(seeded.get(2)));
	}

	@Test
	void unitEditStatementIsRestrictedByPk() {
		List<Product> seeded = seed("a", "b", "c");
		Long pk = seeded.get(1).getId();
		this.client.put().uri("/products/{pk}", pk).bodyValue(Map.of("id", 12345, "name", "changed", "price", 99))
			.exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.id").isEqualTo(pk)
			.jsonPath("$.name").isEqualTo("changed")
			.jsonPath("$.price").isEqualTo(99);
		assertThat(described(rows())).containsExactly(described(seeded.get(0)), pk + ":changed:99",
				described(seeded.get(2)));
	}

	@Test
	void unitViewStatementIsRestrictedByPk() {
		List<Product> seeded = seed("a", "b", "c");
		this.client.get().uri("/products/{pk}", seeded.get(1).getId()).exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.id").isEqualTo(seeded.get(1).getId())
			.jsonPath("$.name").isEqualTo("b");
	}

	@Test
	void listAddWritesEveryItem() {
		List<Product> added = this.client.post().uri("/product-batch")
			.bodyValue(List.of(Map.of("name", "a", "price", 1), Map.of("name", "b", "price", 2)))
			.exchange()
			.expectStatus().isCreated()
			.expectBody(new ParameterizedTypeReference<List<Product>>() {
			})
			.returnResult().getResponseBody();
		assertThat(added).hasSize(2).allSatisfy((product) -> assertThat(product.getId()).isNotNull());
		assertThat(described(rows())).containsExactlyElementsOf(described(added));
	}

	@Test
	void offsetPaginationOfAnEmptyTableHasNoItemsAndNoLinks() {
		Map<String, Object> page = page("/products");
		assertThat(items(page)).isEmpty();
		assertThat(page).containsEntry("page_key", 1).containsEntry("page_size", 20).containsEntry("total", 0)
			.containsEntry("next_url", null).containsEntry("previous_url", null);
	}

	@Test
	void offsetPaginationFirstPageOfPageSizePlusOneRowsIsFullWithOnlyANextUrl() {
		seed(names(21));
		Map<String, Object> page = page("/products");
		assertThat(items(page)).hasSize(20);
		assertThat(page).containsEntry("page_key", 1).containsEntry("total", 21).containsEntry("previous_url", null);
		assertThat((String) page.get("next_url")).startsWith("http://").endsWith("/products?page_key=2");
	}

	@Test
	void offsetPaginationSecondPageHasOneItemAndOnlyAPreviousUrl() {
		List<Product> seeded = seed(names(21));
		Map<String, Object> page = page("/products?page_key=2");
		assertThat(items(page)).singleElement()
			.satisfies((item) -> assertThat(item).containsEntry("name", seeded.get(20).getName()));
		assertThat(page).containsEntry("page_key", 2).containsEntry("total", 21).containsEntry("next_url", null);
		assertThat((String) page.get("previous_url")).endsWith("/products?page_key=1");
	}

	@Test
	void viewSessionIsTheRequestSessionAndAWrongKeyIsRefused() {
		this.client.get().uri("/session-identity").exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.same").isEqualTo(true)
			.jsonPath("$.key").isEqualTo("sa_main")
			.jsonPath("$.unknownKeyRefused").isEqualTo(true);
	}

	// List mixins and pagination

	@Test
	void listViewSelectsTheRowsOfItsStatement() {
		seed("c", "a", "b");
		this.client.get().uri("/product-batch").exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$[*].name").isEqualTo(List.of("a", "b", "c"));
	}

	@Test
	void listEditUpdatesOnlyTheRowsOfItsStatement() {
		List<Product> seeded = seed("a", "b", "b", "c");
		this.client.patch().uri("/product-batch?name=b&price=70").exchange()
			.expectStatus().isOk()
			.expectBody(Long.class).isEqualTo(2L);
		assertThat(described(rows())).containsExactly(described(seeded.get(0)), seeded.get(1).getId() + ":b:70",
				seeded.get(2).getId() + ":b:70", described(seeded.get(3)));
	}

	@Test
	void listDeleteDeletesOnlyTheRowsOfItsStatement() {
		List<Product> seeded = seed("a", "b", "b", "c");
		this.client.delete().uri("/product-batch?name=b").exchange()
			.expectStatus().isOk()
			.expectBody(Long.class).isEqualTo(2L);
		assertThat(described(rows())).containsExactly(described(seeded.get(0)), described(seeded.get(3)));
	}

	@Test
	void listStatementHookCanRejectARequestWithAProblem() {
		seed("a");
		expectProblem(this.client.delete().uri("/product-batch").exchange(), HttpStatus.BAD_REQUEST,
				"name is required", "name");
		assertThat(rows()).hasSize(1);
	}

	@Test
	void pageLinksKeepTheOtherQueryParameters() {
		seed(names(41));
		Map<String, Object> page = page("/products?q={q}&sort=name+desc&page_key=2", "x y");
		assertThat(items(page)).hasSize(20);
		assertThat(page).containsEntry("page_key", 2).containsEntry("total", 41);
		assertThat((String) page.get("next_url")).endsWith("/products?q=x%20y&sort=name+desc&page_key=3");
		assertThat((String) page.get("previous_url")).endsWith("/products?q=x%20y&sort=name+desc&page_key=1");
	}

	@Test
	void pagePastTheEndIsEmptyWithoutANextUrl() {
		seed("a", "b", "c");
		Map<String, Object> page = page("/products?page_key=5");
		assertThat(items(page)).isEmpty();
		assertThat(page).containsEntry("page_key", 5).containsEntry("total", 3).containsEntry("next_url", null);
		assertThat((String) page.get("previous_url")).endsWith("/products?page_key=1");
	}

	@Test
	void pagesFollowTheIdWhenTheStatementHasNoSort() {
		List<Product> seeded = seed("e", "d", "c", "b", "a");
		assertThat(itemIds(page("/small-pages"))).containsExactly(seeded.get(0).getId(), seeded.get(1).getId());
		assertThat(itemIds(page("/small-pages?page_key=2"))).containsExactly(seeded.get(2).getId(),
				seeded.get(3).getId());
		assertThat(itemIds(page("/small-pages?page_key=3"))).containsExactly(seeded.get(4).getId());
	}

	@Test
	void clientMayAskForAPageSizeUpToTheMaximum() {
		seed(names(5));
		Map<String, Object> page = page("/small-pages?page_size=3");
		assertThat(items(page)).hasSize(3);
		assertThat(page).containsEntry("page_size", 3);
		assertThat((String) page.get("next_url")).endsWith("/small-pages?page_size=3&page_key=2");
	}

	@Test
	void pageSizeOfAViewIsCappedByItsMaximum() {
		seed(names(7));
		Map<String, Object> page = page("/capped-pages");
		assertThat(items(page)).hasSize(5);
		assertThat(page).containsEntry("page_size", 5);
	}

	// Bad input: a 400 naming the parameter, a 404 for a missing row, never a 500

	@ParameterizedTest
	@ValueSource(strings = { "abc", "99999999999999999999", "-99999999999999999999", "1.5", "1e3", "0x10", " ",
			"+1" })
	void malformedPkIs400NamingIt(String pk) {
		seed("a");
		expectProblem(this.client.get().uri("/products/{pk}", pk).exchange(), HttpStatus.BAD_REQUEST,
				"pk must be a whole number " + LONG_RANGE + ", not '" + pk + "'", "pk");
	}

	@Test
	void emptyPkIs400NamingIt() {
		expectProblem(this.client.get().uri("/empty-pk").exchange(), HttpStatus.BAD_REQUEST, "pk must not be empty",
				"pk");
	}

	@Test
	void malformedPkOfAnEditOrDeleteIs400AndChangesNothing() {
		List<Product> seeded = seed("a");
		expectProblem(this.client.put().uri("/products/x").bodyValue(Map.of("name", "b", "price", 2)).exchange(),
				HttpStatus.BAD_REQUEST, "pk must be a whole number " + LONG_RANGE + ", not 'x'", "pk");
		expectProblem(this.client.delete().uri("/products/x").exchange(), HttpStatus.BAD_REQUEST,
				"pk must be a whole number " + LONG_RANGE + ", not 'x'", "pk");
		assertThat(described(rows())).containsExactlyElementsOf(described(seeded));
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "-1", "x", "1e3", "2147483648", "99999999999999999999", "1.0", "" })
	void malformedPageKeyIs400NamingIt(String pageKey) {
		expectProblem(this.client.get().uri("/products?page_key={key}", pageKey).exchange(), HttpStatus.BAD_REQUEST,
				"page_key must be a whole number from 1 to 2147483647, not '" + pageKey + "'", "page_key");
	}

	@Test
	void badInputBodyIsTheDocumentedProblemDetail() {
		Map<String, Object> problem = this.client.get().uri("/products?page_key=x").exchange()
			.expectStatus().isBadRequest()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult().getResponseBody();
		assertThat(problem).isEqualTo(Map.of("detail", "page_key must be a whole number from 1 to 2147483647, not 'x'",
				"instance", "/products", "parameter", "page_key", "status", 400, "title", "Bad Request"));
	}

	@Test
	void repeatedPageKeyIs400NamingIt() {
		expectProblem(this.client.get().uri("/products?page_key=1&page_key=2").exchange(), HttpStatus.BAD_REQUEST,
				"page_key must be given once, not 2 times", "page_key");
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "4", "x", "-3" })
	void pageSizeOutOfRangeIs400NamingIt(String pageSize) {
		expectProblem(this.client.get().uri("/small-pages?page_size={size}", pageSize).exchange(),
				HttpStatus.BAD_REQUEST, "page_size must be a whole number from 1 to 3, not '" + pageSize + "'",
				"page_size");
	}

	@Test
	void missingRowIs404ForViewEditAndDelete() {
		List<Product> seeded = seed("a");
		long missing = seeded.get(0).getId() + 1000;
		String detail = "No Product with pk " + missing;
		expectProblem(this.client.get().uri("/products/{pk}", missing).exchange(), HttpStatus.NOT_FOUND, detail, null);
		expectProblem(this.client.put().uri("/products/{pk}", missing).bodyValue(Map.of("name", "b", "price", 2))
			.exchange(),
				HttpStatus.NOT_FOUND, detail, null);
		expectProblem(this.client.delete().uri("/products/{pk}", missing).exchange(), HttpStatus.NOT_FOUND, detail,
				null);
		assertThat(described(rows())).containsExactlyElementsOf(described(seeded));
	}

	@ParameterizedTest
	@ValueSource(strings = { "not json", "{\"name\": \"a\", \"price\": \"many\"}", "{\"name\": \"a\"}",
			"[{\"name\": \"a\", \"price\": 1}]", "{\"name\": ", "42" })
	void bodyThatDoesNotMapToTheEntityIs400(String body) {
		this.client.post().uri("/products").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
			.expectStatus().isBadRequest()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status").isEqualTo(400)
			.jsonPath("$.detail").value((String detail) -> assertThat(detail)
				.startsWith("The request body does not map to Product: "));
		assertThat(rows()).isEmpty();
	}

	@Test
	void emptyBodyIs400() {
		expectProblem(this.client.post().uri("/products").contentType(MediaType.APPLICATION_JSON).exchange(),
				HttpStatus.BAD_REQUEST, "The request body is empty: send Product as JSON", null);
	}

	@Test
	void listBodyThatIsNotAnArrayIs400() {
		this.client.post().uri("/product-batch").bodyValue(Map.of("name", "a")).exchange()
			.expectStatus().isBadRequest()
			.expectBody()
			.jsonPath("$.detail").value((String detail) -> assertThat(detail)
				.startsWith("The request body does not map to a list of Product: "));
		assertThat(rows()).isEmpty();
	}

	@Test
	void listBodyWithANullItemIs400AndAddsNothing() {
		this.client.post().uri("/product-batch").contentType(MediaType.APPLICATION_JSON)
			.bodyValue("[{\"name\": \"a\", \"price\": 1}, null]")
			.exchange()
			.expectStatus().isBadRequest()
			.expectBody().jsonPath("$.detail").isEqualTo("Item 1 of the request body is null");
		assertThat(rows()).isEmpty();
	}

	@Test
	void bodyOfAnotherContentTypeIs415() {
		expectProblem(this.client.post().uri("/products").contentType(MediaType.TEXT_PLAIN).bodyValue("a").exchange(),
				HttpStatus.UNSUPPORTED_MEDIA_TYPE,
				"Content-Type 'text/plain' is not supported: send Product as application/json", null);
	}

	@Test
	void addWithAClientChosenIdIs400NamingItAndChangesNothing() {
		List<Product> seeded = seed("a");
		for (Object id : List.of(seeded.get(0).getId(), 999_999L)) {
			this.client.post().uri("/products").bodyValue(Map.of("id", id, "name", "b", "price", 2)).exchange()
				.expectStatus().isBadRequest()
				.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.field").isEqualTo("id")
				.jsonPath("$.detail").isEqualTo("id of a new Product is given by the database: send the Product without it");
		}
		this.client.post().uri("/product-batch").bodyValue(List.of(Map.of("name", "c", "price", 3), Map.of("id", 7, "name", "d", "price", 4)))
			.exchange()
			.expectStatus().isBadRequest()
			.expectBody().jsonPath("$.field").isEqualTo("id");
		assertThat(described(rows())).containsExactlyElementsOf(described(seeded));
	}

	@Test
	void valueTooLongForItsColumnIs400NamingTheFieldAndChangesNothing() {
		List<Product> seeded = seed("a");
		String tooLong = "n".repeat(300);
		this.client.post().uri("/products").bodyValue(Map.of("name", tooLong, "price", 1)).exchange()
			.expectStatus().isBadRequest()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.field").isEqualTo("name")
			.jsonPath("$.detail").value((detail) -> assertThat((String) detail).startsWith("name of the Product does not fit its column: "));
		this.client.put().uri("/products/{pk}", seeded.get(0).getId()).bodyValue(Map.of("name", tooLong, "price", 1)).exchange()
			.expectStatus().isBadRequest()
			.expectBody().jsonPath("$.field").isEqualTo("name");
		this.client.post().uri("/product-batch").bodyValue(List.of(Map.of("name", "ok", "price", 1), Map.of("name", tooLong, "price", 2)))
			.exchange()
			.expectStatus().isBadRequest()
			.expectBody().jsonPath("$.field").isEqualTo("name");
		assertThat(described(rows())).containsExactlyElementsOf(described(seeded));
	}

	@Test
	void bodyLargerThanTheCodecsReadIs413() {
		String large = "{\"name\":\"" + "n".repeat(300_000) + "\",\"price\":1}";
		this.client.post().uri("/products").contentType(MediaType.APPLICATION_JSON).bodyValue(large).exchange()
			.expectStatus().isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody().jsonPath("$.detail").value((detail) -> assertThat((String) detail)
				.startsWith("The request body is larger than this server reads"));
		assertThat(rows()).isEmpty();
	}

	@Test
	void contentTypeThatIsNotAMediaTypeIs415() throws IOException {
		// On a raw socket: HTTP clients refuse to send a Content-Type they cannot parse.
		String response;
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream().write(("POST /products HTTP/1.1\r\nHost: localhost\r\nContent-Type: garbage\r\n"
					+ "Content-Length: 2\r\nConnection: close\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII));
			response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		}
		assertThat(response).startsWith("HTTP/1.1 415").containsIgnoringCase("Content-Type: application/problem+json")
			.contains("Content-Type 'garbage' is not a media type");
		assertThat(rows()).isEmpty();
	}

	// Dispatch and sessions

	@Test
	void methodTheViewDoesNotAnswerIs405WithAllow() {
		List<Product> seeded = seed("a");
		this.client.patch().uri("/products/{pk}", seeded.get(0).getId()).bodyValue(Map.of("name", "b")).exchange()
			.expectStatus().isEqualTo(HttpStatus.METHOD_NOT_ALLOWED)
			.expectHeader().valueEquals("Allow", "GET,HEAD,PUT,DELETE,OPTIONS")
			.expectBody()
			.jsonPath("$.detail").isEqualTo("PATCH is not allowed here; allowed: GET, HEAD, PUT, DELETE, OPTIONS");
		this.client.post().uri("/products/1").bodyValue(Map.of("name", "b")).exchange()
			.expectStatus().isEqualTo(HttpStatus.METHOD_NOT_ALLOWED);
		this.client.put().uri("/products").bodyValue(Map.of("name", "b")).exchange()
			.expectStatus().isEqualTo(HttpStatus.METHOD_NOT_ALLOWED)
			.expectHeader().valueEquals("Allow", "GET,HEAD,POST,OPTIONS");
		assertThat(described(rows())).containsExactlyElementsOf(described(seeded));
	}

	@Test
	void optionsAnswersTheAllowHeader() {
		this.client.options().uri("/product-batch").exchange()
			.expectStatus().isOk()
			.expectHeader().valueEquals("Allow", "GET,HEAD,POST,PATCH,DELETE,OPTIONS");
	}

	@Test
	void headIsAnsweredByGetWithoutABody() {
		List<Product> seeded = seed("a");
		this.client.method(HttpMethod.HEAD).uri("/products/{pk}", seeded.get(0).getId()).exchange()
			.expectStatus().isOk()
			.expectBody().isEmpty();
	}

	@Test
	void useSessionOnTheViewClassOpensAMiddlewareFalseBindAsTheViewSession() {
		seedOn("sa_second", "second-db");
		seed("main-db");
		this.client.get().uri("/second/products").exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$").isEqualTo(List.of("second-db"));
	}

	@Test
	void useSessionOnAViewMethodOpensTheBindForThatMethodOnly() {
		seedOn("sa_second", "x", "y");
		this.client.get().uri("/second/method").exchange()
			.expectStatus().isOk()
			.expectBody(Long.class).isEqualTo(2L);
		this.client.post().uri("/second/method").exchange().expectStatus().is5xxServerError();
	}

	// Who commits a write

	@Test
	void commitOnSuccessBindLeavesTheCommitToTheFilter() {
		this.client.post().uri("/commit/products").bodyValue(Map.of("name", "committed", "price", 1)).exchange()
			.expectStatus().isCreated()
			.expectBody().jsonPath("$.id").isNotEmpty();
		assertThat(rows()).extracting(Product::getName).containsExactly("committed");
	}

	@Test
	void commitOnSuccessBindRollsTheWriteBackWhenTheViewAnswers4xx() {
		this.client.post().uri("/commit/rejected").bodyValue(Map.of("name", "rejected", "price", 1)).exchange()
			.expectStatus().isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
		assertThat(rows()).isEmpty();
	}

	@Test
	void writeInsideABeginBlockIsRolledBackWithTheBlock() {
		expectProblem(this.client.post().uri("/in-begin").bodyValue(Map.of("name", "in-begin", "price", 1)).exchange(),
				HttpStatus.BAD_REQUEST, "rejected after the add", null);
		assertThat(rows()).isEmpty();
	}

	@Test
	void unitDeleteThatMatchesSeveralRowsIsRolledBack() {
		List<Product> seeded = seed("a", "b", "c");
		this.client.delete().uri("/greedy/{pk}", seeded.get(1).getId()).exchange()
			.expectStatus().is5xxServerError();
		assertThat(described(rows())).containsExactlyElementsOf(described(seeded));
	}

	@Test
	void unitEditThatMatchesSeveralRowsIsRolledBack() {
		List<Product> seeded = seed("a", "b", "c");
		this.client.put().uri("/greedy/{pk}", seeded.get(1).getId()).bodyValue(Map.of("name", "all", "price", 1)).exchange()
			.expectStatus().is5xxServerError();
		assertThat(described(rows())).containsExactlyElementsOf(described(seeded));
	}

	// The same mixins from an annotated controller

	@Test
	void controllerPagesWithTheMixin() {
		List<Product> seeded = seed(names(21));
		Map<String, Object> page = page("/ctl/products?page_key=2");
		assertThat(itemIds(page)).containsExactly(seeded.get(20).getId());
		assertThat(page).containsEntry("total", 21).containsEntry("next_url", null);
		assertThat((String) page.get("previous_url")).endsWith("/ctl/products?page_key=1");
	}

	@Test
	void controllerAddsViewsEditsAndDeletesWithTheMixins() {
		seed("other");
		Product added = this.client.post().uri("/ctl/products").bodyValue(Map.of("name", "added", "price", 1))
			.exchange()
			.expectStatus().isCreated()
			.expectBody(Product.class).returnResult().getResponseBody();
		assertThat(added).isNotNull();
		this.client.get().uri("/ctl/products/{pk}", added.getId()).exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.name").isEqualTo("added");
		this.client.put().uri("/ctl/products/{pk}", added.getId()).bodyValue(Map.of("name", "edited", "price", 2))
			.exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.name").isEqualTo("edited");
		this.client.delete().uri("/ctl/products/{pk}", added.getId()).exchange().expectStatus().isNoContent();
		expectProblem(this.client.get().uri("/ctl/products/{pk}", added.getId()).exchange(), HttpStatus.NOT_FOUND,
				"No Product with pk " + added.getId(), null);
		assertThat(rows()).extracting(Product::getName).containsExactly("other");
	}

	@Test
	void controllerBadInputIsAProblemWithItsMessage() {
		expectProblem(this.client.get().uri("/ctl/products/abc").exchange(), HttpStatus.BAD_REQUEST,
				"pk must be a whole number " + LONG_RANGE + ", not 'abc'", "pk");
		expectProblem(this.client.get().uri("/ctl/products?page_key=0").exchange(), HttpStatus.BAD_REQUEST,
				"page_key must be a whole number from 1 to 2147483647, not '0'", "page_key");
		this.client.post().uri("/ctl/products").contentType(MediaType.APPLICATION_JSON).bodyValue("[1]").exchange()
			.expectStatus().isBadRequest()
			.expectBody().jsonPath("$.detail").value((String detail) -> assertThat(detail)
				.startsWith("The request body does not map to Product: "));
		assertThat(rows()).isEmpty();
	}

	// Helpers

	private void expectProblem(WebTestClient.ResponseSpec response, HttpStatus status, String detail,
			String parameter) {
		WebTestClient.BodyContentSpec body = response.expectStatus().isEqualTo(status)
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status").isEqualTo(status.value())
			.jsonPath("$.title").isEqualTo(status.getReasonPhrase())
			.jsonPath("$.detail").isEqualTo(detail);
		if (parameter != null) {
			body.jsonPath("$.parameter").isEqualTo(parameter);
		}
		else {
			body.jsonPath("$.parameter").doesNotExist();
		}
	}

	private Map<String, Object> page(String uri, Object... uriVariables) {
		Map<String, Object> page = this.client.get().uri(uri, uriVariables).exchange()
			.expectStatus().isOk()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult().getResponseBody();
		assertThat(page).isNotNull()
			.containsOnlyKeys("items", "page_key", "page_size", "total", "next_url", "previous_url");
		return page;
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> items(Map<String, Object> page) {
		return (List<Map<String, Object>>) page.get("items");
	}

	private static List<Long> itemIds(Map<String, Object> page) {
		return items(page).stream().map((item) -> ((Number) item.get("id")).longValue()).toList();
	}

	private static String[] names(int count) {
		return IntStream.rangeClosed(1, count).mapToObj((i) -> "product-%02d".formatted(i)).toArray(String[]::new);
	}

	private List<Product> seed(String... names) {
		return seedOn("sa_main", names);
	}

	/**
	 * Insert products in one transaction, in order, priced by position.
	 */
	private List<Product> seedOn(String key, String... names) {
		List<Product> products = new ArrayList<>();
		for (int i = 0; i < names.length; i++) {
			products.add(new Product(names[i], i + 1));
		}
		return this.binds.sessionFactory(key).inTransaction((session) -> {
			session.addAll(products);
			return Mono.just(products);
		}).block();
	}

	/**
	 * The committed rows of sa_main, by id.
	 */
	private List<Product> rows() {
		return this.binds.bind("sa_main").entityTemplate()
			.select(Query.empty().sort(Sort.by("id")), Product.class)
			.collectList()
			.block();
	}

	private static List<String> described(List<Product> products) {
		return products.stream().map(ViewBehaviourSuite::described).toList();
	}

	private static String described(Product product) {
		return product.getId() + ":" + product.getName() + ":" + product.getPrice();
	}

	private int acquired(String key) {
		return ((ConnectionPool) this.binds.connectionFactory(key)).getMetrics().orElseThrow().acquiredSize();
	}

}
