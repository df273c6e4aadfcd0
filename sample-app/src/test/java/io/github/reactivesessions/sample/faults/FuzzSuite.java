package io.github.reactivesessions.sample.faults;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

import io.github.reactivesessions.bind.Binds;
import io.github.reactivesessions.sample.faults.RawHttp.Response;
import io.r2dbc.pool.ConnectionPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every route of the sample app fed a table of malformed input, on raw sockets: path
 * variables, query parameters, bodies, headers, sizes, encodings and methods. None may
 * answer 5xx or leave the client without an answer; the inputs docs/views.md and
 * docs/operations.md promise an answer for get exactly that one (413 over the body limit,
 * 415 for a content type no one reads, 400 naming the field for a value its column cannot
 * hold or a missing one, 400 for a client-chosen id). Written once, run against each
 * database by a subclass.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DirtiesContext
abstract class FuzzSuite {

	private static final String JSON = "application/json";

	private static final String BOOK = "{\"title\":\"T\",\"author\":\"A\",\"year\":2000}";

	private static final String LONG = "x".repeat(300);

	@Autowired
	private Binds binds;

	@LocalServerPort
	private int port;

	private final Map<String, Integer> statuses = new TreeMap<>();

	protected abstract String databaseName();

	Stream<Probe> probes() {
		List<Probe> probes = new ArrayList<>();
		// Path variables: the unit view's {pk}.
		for (String pk : List.of("abc", "1e3", "0x10", "99999999999999999999", "%20", "1.5", "%00", "%ZZ", "%C3%28",
				"%D9%A1", "abc;DROP%20TABLE%20book", "9".repeat(5000), "-1", "0")) {
			probes.add(Probe.clientError("GET /books/" + pk));
			probes.add(Probe.clientError("DELETE /books/" + pk));
			probes.add(Probe.clientError("PUT /books/" + pk, JSON, BOOK));
		}
		// Query parameters.
		for (String pageKey : List.of("0", "-1", "x", "", "2147483648", "1e3", "%00", "9".repeat(3000))) {
			probes.add(Probe.clientError("GET /books?page_key=" + pageKey));
		}
		for (String pageSize : List.of("0", "-1", "101", "x", "99999999999")) {
			probes.add(Probe.clientError("GET /books?page_size=" + pageSize));
		}
		probes.add(Probe.status(400, "POST /notes?text=" + LONG));
		probes.add(Probe.status(400, "POST /notes/joined?text=" + LONG));
		probes.add(Probe.status(400, "POST /orders?item=" + LONG + "&quantity=1"));
		for (String route : List.of("POST /notes?text=", "POST /notes/joined?text=", "POST /orders?quantity=1&item=")) {
			// Longer than Reactor Netty reads as a request line: 414.
			probes.add(Probe.clientError(route + "y".repeat(10_000)));
		}
		for (String text : List.of("", "%00", "a%00b", "%C3%28", "%FF%FE", "%F0%9F%98%80", "%E2%80%AE", "%01%02",
				"'%3B%20DROP%20TABLE%20note%3B--", "%25", "+")) {
			probes.add(Probe.noServerError("POST /notes?text=" + text));
			probes.add(Probe.noServerError("POST /notes/joined?text=" + text));
			probes.add(Probe.noServerError("POST /orders?item=" + text + "&quantity=1"));
		}
		for (String query : List.of("", "?text=x&fail=maybe", "?text")) {
			probes.add(Probe.clientError("POST /notes" + query));
		}
		for (String query : List.of("", "?item=book", "?quantity=1", "?item=book&quantity=abc",
				"?item=book&quantity=99999999999", "?item=book&quantity=1.5", "?item=book&quantity=-5",
				"?item=book&quantity=0", "?item=book&quantity=")) {
			probes.add(Probe.clientError("POST /orders" + query));
		}
		// Accounts and their transfers.
		for (String query : List.of("", "?from=1", "?from=1&to=2", "?from=abc&to=2&amount=1", "?from=1&to=2&amount=1.5",
				"?from=1&to=2&amount=99999999999999999999", "?from=1&to=2&amount=-5", "?from=1&to=2&amount=0",
				"?from=7&to=7&amount=1", "?from=%00&to=2&amount=1", "?from=999999991&to=999999992&amount=1")) {
			probes.add(Probe.clientError("POST /accounts/transfer" + query));
		}
		for (String query : List.of("", "?id=abc&balance=1", "?id=990009", "?id=990009&balance=x",
				"?id=990009&balance=99999999999999999999")) {
			probes.add(Probe.clientError("POST /accounts" + query));
		}
		probes.add(Probe.succeeds(201, "POST /accounts?id=990001&balance=10"));
		probes.add(Probe.succeeds(201, "POST /accounts?id=990002&balance=10"));
		probes.add(Probe.status(409, "POST /accounts?id=990001&balance=10"));
		// A credit no BIGINT holds: the database refuses it, and the debit before it is
		// rolled back with it.
		probes.add(Probe.status(400, "POST /accounts/transfer?from=990002&to=990001&amount=" + Long.MAX_VALUE));
		// The refused transfer moved nothing: this one leaves 7 and 13.
		probes.add(Probe.succeeds(200, "POST /accounts/transfer?from=990001&to=990002&amount=3"));
		for (String id : List.of("abc", "99999999999999999999", "%00", "1.5", "-1")) {
			probes.add(Probe.clientError("GET /accounts/" + id));
		}
		// The Kotlin routes: suspend handlers and a Flow response.
		probes.add(Probe.status(400, "POST /reminders?text=" + LONG));
		probes.add(Probe.clientError("POST /reminders?text=" + "y".repeat(10_000)));
		for (String text : List.of("", "%00", "%C3%28", "%F0%9F%98%80", "'%3B%20DROP%20TABLE%20reminder%3B--")) {
			probes.add(Probe.noServerError("POST /reminders?text=" + text));
		}
		probes.add(Probe.clientError("POST /reminders"));
		for (String id : List.of("abc", "99999999999999999999", "%00", "1.5", "-1")) {
			probes.add(Probe.clientError("GET /reminders/" + id));
			probes.add(Probe.clientError("POST /reminders/" + id + "/done"));
		}
		// The routed session: a note too long for sa_second's column is refused when the
		// commit flushes it, and the sa_main row of the same request is rolled back with it.
		probes.add(Probe.status(400, "POST /routed/notes?text=" + LONG));
		probes.add(Probe.clientError("POST /routed/notes"));
		for (String text : List.of("", "%00", "%C3%28", "%F0%9F%98%80", "'%3B%20DROP%20TABLE%20note%3B--")) {
			probes.add(Probe.noServerError("POST /routed/notes?text=" + text));
		}
		probes.add(Probe.succeeds(200, "GET /routed/summary"));
		// Bodies of the views.
		for (String body : List.of("", "{", "[]", "null", "\"text\"", "{}", "{\"title\":null,\"author\":\"A\",\"year\":2000}",
				"{\"author\":\"A\",\"year\":2000}", "{\"title\":\"T\",\"author\":null,\"year\":2000}",
				"{\"title\":\"T\",\"author\":\"A\"}", "{\"title\":\"T\",\"author\":\"A\",\"year\":\"abc\"}",
				"{\"title\":\"T\",\"author\":\"A\",\"year\":99999999999}", "{\"title\":\"T\",\"author\":\"A\",\"year\":-5}",
				"{\"title\":[\"a\"],\"author\":\"A\",\"year\":2000}", "{\"title\":{},\"author\":\"A\",\"year\":2000}",
				BOOK + "x", "[" + BOOK + "]",
				"{\"a\":".repeat(3000) + "1" + "}".repeat(3000))) {
			probes.add(Probe.clientError("POST /books", JSON, body));
			probes.add(Probe.clientError("PUT /books/2", JSON, body));
		}
		probes.add(Probe.field(400, "title", "POST /books", JSON, "{\"title\":\"" + LONG + "\",\"author\":\"A\",\"year\":2000}"));
		probes.add(Probe.field(400, "author", "POST /books", JSON, "{\"title\":\"T\",\"author\":\"" + LONG + "\",\"year\":2000}"));
		probes.add(Probe.field(400, "title", "PUT /books/2", JSON, "{\"title\":\"" + LONG + "\",\"author\":\"A\",\"year\":2000}"));
		probes.add(Probe.field(400, "author", "POST /books", JSON, "{\"title\":\"T\",\"author\":null,\"year\":2000}"));
		probes.add(Probe.field(400, "year", "POST /books", JSON, "{\"title\":\"T\",\"author\":\"A\",\"year\":-5}"));
		probes.add(Probe.field(400, "title", "POST /books", JSON, "{\"author\":\"A\",\"year\":2000}"));
		probes.add(Probe.field(400, "title", "POST /books", JSON, "{\"title\":null,\"author\":\"A\",\"year\":2000}"));
		probes.add(Probe.field(400, "id", "POST /books", JSON, "{\"id\":999999,\"title\":\"T\",\"author\":\"A\",\"year\":2000}"));
		probes.add(Probe.noServerError("POST /books", JSON, "{\"title\":\"T\\u0000\",\"author\":\"A\",\"year\":2000}"));
		// Unknown properties are ignored, as Spring Boot configures Jackson.
		probes.add(Probe.noServerError("POST /books", JSON, "{\"title\":\"T\",\"author\":\"A\",\"year\":2000,\"x\":1}"));
		probes.add(Probe.noServerError("POST /books", JSON, "{\"title\":\"\\ud83d\\ude00 \\u202e\",\"author\":\"A\",\"year\":2000}"));
		probes.add(Probe.clientError("POST /books", JSON, binary(2000)));
		probes.add(Probe.clientError("POST /books", JSON + ";charset=UTF-8", invalidUtf8()));
		probes.add(Probe.noServerError("POST /books", JSON + ";charset=UTF-16", BOOK.getBytes(StandardCharsets.UTF_16)));
		// Sizes: a body over the 256 KB limit of Spring's codecs.
		String large = "{\"title\":\"T\",\"author\":\"" + "a".repeat(300_000) + "\",\"year\":2000}";
		probes.add(Probe.status(413, "POST /books", JSON, large));
		probes.add(Probe.status(413, "PUT /books/2", JSON, large));
		probes.add(Probe.clientError("GET /books?page_key=1&" + "p=1&".repeat(3000)));
		probes.add(Probe.clientError("GET /" + "a".repeat(10_000)));
		// Headers.
		for (String contentType : List.of("garbage", "application/json;charset=unknown-charset", "text/plain", ";;",
				"application/", "multipart/form-data")) {
			probes.add(Probe.clientError("POST /books", contentType, BOOK));
			probes.add(Probe.clientError("PUT /books/2", contentType, BOOK));
		}
		for (String route : List.of("GET /", "POST /notes?text=ct", "POST /orders?item=ct&quantity=1", "GET /books",
				"GET /rows", "GET /reports/summary")) {
			probes.add(Probe.noServerError(route, "garbage", ""));
		}
		for (String accept : List.of("application/garbage", "*/*;q=x", "garbage", "text/html")) {
			probes.add(Probe.noServerError("GET /books\r\nAccept: " + accept));
			probes.add(Probe.noServerError("GET /\r\nAccept: " + accept));
			probes.add(Probe.noServerError("GET /rows\r\nAccept: " + accept));
		}
		probes.add(Probe.clientError("GET /\r\nX-Large: " + "h".repeat(20_000)));
		// Methods.
		for (String request : List.of("PATCH /books", "DELETE /", "POST /simple", "PUT /specific", "DELETE /reports/summary",
				"TRACE /", "FOO /books", "GET /no-such-route", "PATCH /books/2")) {
			probes.add(Probe.clientError(request));
		}
		return probes.stream();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("probes")
	void malformedInputIsAClientErrorNamingWhatIsWrong(Probe probe) {
		Response response = new RawHttp(this.port).exchange(probe.head(), probe.body());
		synchronized (this.statuses) {
			this.statuses.merge(String.valueOf(response.status()), 1, Integer::sum);
		}
		String described = "%s answered %s: %s".formatted(probe.describe(), response.status(), abbreviated(response));
		assertThat(response.status()).as(described).isBetween(200, 499);
		probe.expectation().check(response, described);
	}

	@Test
	void afterTheFuzzEveryBindHasItsConnectionsBack() {
		for (String key : this.binds.keys()) {
			await().atMost(Duration.ofSeconds(5))
				.until(() -> ((ConnectionPool) this.binds.connectionFactory(key)).getMetrics().orElseThrow().acquiredSize() == 0);
		}
	}

	@AfterAll
	void report() {
		System.out.printf("[fuzz %s] %d requests, statuses %s%n", databaseName(),
				this.statuses.values().stream().mapToInt(Integer::intValue).sum(), this.statuses);
	}

	private static String abbreviated(Response response) {
		String body = response.body().replaceAll("\\s+", " ");
		return (body.length() > 300) ? body.substring(0, 300) + "..." : body;
	}

	private static byte[] binary(int length) {
		byte[] bytes = new byte[length];
		new Random(42).nextBytes(bytes);
		return bytes;
	}

	private static byte[] invalidUtf8() {
		byte[] prefix = "{\"title\":\"".getBytes(StandardCharsets.US_ASCII);
		byte[] suffix = "\",\"author\":\"A\",\"year\":2000}".getBytes(StandardCharsets.US_ASCII);
		byte[] bytes = new byte[prefix.length + 3 + suffix.length];
		System.arraycopy(prefix, 0, bytes, 0, prefix.length);
		bytes[prefix.length] = (byte) 0xC3;
		bytes[prefix.length + 1] = (byte) 0x28;
		bytes[prefix.length + 2] = (byte) 0xFF;
		System.arraycopy(suffix, 0, bytes, prefix.length + 3, suffix.length);
		return bytes;
	}

	/**
	 * One malformed request: its request line (with any extra header lines), its content
	 * type and body, and what it must get.
	 */
	record Probe(String request, String contentType, byte[] body, Expectation expectation) {

		static Probe clientError(String request) {
			return new Probe(request, "", new byte[0], Expectation.clientError());
		}

		static Probe clientError(String request, String contentType, String body) {
			return clientError(request, contentType, body.getBytes(StandardCharsets.UTF_8));
		}

		static Probe clientError(String request, String contentType, byte[] body) {
			return new Probe(request, contentType, body, Expectation.clientError());
		}

		static Probe noServerError(String request) {
			return new Probe(request, "", new byte[0], Expectation.any());
		}

		static Probe noServerError(String request, String contentType, String body) {
			return noServerError(request, contentType, body.getBytes(StandardCharsets.UTF_8));
		}

		static Probe noServerError(String request, String contentType, byte[] body) {
			return new Probe(request, contentType, body, Expectation.any());
		}

		static Probe succeeds(int status, String request) {
			return new Probe(request, "", new byte[0], Expectation.success(status));
		}

		static Probe status(int status, String request) {
			return new Probe(request, "", new byte[0], Expectation.status(status, null));
		}

		static Probe status(int status, String request, String contentType, String body) {
			return new Probe(request, contentType, body.getBytes(StandardCharsets.UTF_8), Expectation.status(status, null));
		}

		static Probe field(int status, String field, String request, String contentType, String body) {
			return new Probe(request, contentType, body.getBytes(StandardCharsets.UTF_8), Expectation.status(status, field));
		}

		String head() {
			int space = this.request.indexOf(' ');
			int lineEnd = this.request.indexOf("\r\n");
			String method = this.request.substring(0, space);
			String target = (lineEnd > 0) ? this.request.substring(space + 1, lineEnd) : this.request.substring(space + 1);
			String extraHeaders = (lineEnd > 0) ? this.request.substring(lineEnd) : "";
			return method + " " + target + " HTTP/1.1\r\nHost: localhost" + extraHeaders
					+ (this.contentType.isEmpty() ? "" : "\r\nContent-Type: " + this.contentType);
		}

		String describe() {
			String line = this.request.replace("\r\n", " | ");
			line = (line.length() > 120) ? line.substring(0, 120) + "... (" + line.length() + " chars)" : line;
			String body = new String(this.body, StandardCharsets.UTF_8);
			body = (body.length() > 80) ? body.substring(0, 80) + "... (" + this.body.length + " bytes)" : body;
			return line + (this.contentType.isEmpty() ? "" : " [" + this.contentType + "] " + body);
		}

		@Override
		public String toString() {
			return describe();
		}

	}

	/**
	 * What a probe must get beyond not being a 5xx.
	 */
	record Expectation(int status, String field, boolean clientErrorOnly) {

		static Expectation any() {
			return new Expectation(0, null, false);
		}

		static Expectation clientError() {
			return new Expectation(0, null, true);
		}

		static Expectation status(int status, String field) {
			return new Expectation(status, field, true);
		}

		static Expectation success(int status) {
			return new Expectation(status, null, false);
		}

		void check(Response response, String described) {
			if (this.clientErrorOnly) {
				assertThat(response.status()).as(described).isBetween(400, 499);
			}
			if (this.status != 0) {
				assertThat(response.status()).as(described).isEqualTo(this.status);
			}
			if (this.clientErrorOnly && this.status != 0) {
				assertThat(response.header("Content-Type")).as(described).startsWith("application/problem+json");
			}
			if (this.field != null) {
				assertThat(response.body()).as(described).containsPattern("\"(field|parameter|column)\":\"" + this.field + "\"");
			}
		}

	}

}
