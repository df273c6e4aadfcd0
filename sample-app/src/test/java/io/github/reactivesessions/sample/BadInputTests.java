package io.github.reactivesessions.sample;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every route of the sample app fed malformed path variables, query parameters and bodies
 * answers with a 4xx, never a 5xx.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class BadInputTests {

	private static final String JSON = MediaType.APPLICATION_JSON_VALUE;

	@Autowired
	private WebTestClient client;

	static Stream<Arguments> malformedRequests() {
		List<String> badNumbers = List.of("abc", "1e3", "0x10", "99999999999999999999", "%20", "1.5");
		Stream<Arguments> paths = badNumbers.stream()
			.flatMap((pk) -> Stream.of(request("GET", "/books/" + pk), request("DELETE", "/books/" + pk),
					request("PUT", "/books/" + pk, JSON, "{\"title\":\"T\",\"author\":\"A\",\"year\":2000}")));
		Stream<Arguments> pageKeys = Stream.of("0", "-1", "x", "1e3", "99999999999", "", "2147483648")
			.map((pageKey) -> request("GET", "/books?page_key=" + pageKey));
		Stream<Arguments> bodies = Stream.of("", "{", "[]", "null", "\"text\"", "{\"title\":\"T\",\"year\":\"abc\"}",
				"{\"title\":\"\",\"author\":\"A\",\"year\":2000}", "{\"title\":\"T\",\"author\":\"A\",\"year\":-5}",
				"{\"title\":\"T\",\"author\":\"A\",\"year\":99999999999}")
			.flatMap((body) -> Stream.of(request("POST", "/books", JSON, body), request("PUT", "/books/1", JSON, body)));
		Stream<Arguments> others = Stream.of(
				request("POST", "/books", MediaType.TEXT_PLAIN_VALUE, "title"),
				request("POST", "/orders"),
				request("POST", "/orders?item=book"),
				request("POST", "/orders?item=book&quantity=abc"),
				request("POST", "/orders?item=book&quantity=99999999999"),
				request("POST", "/orders?item=book&quantity=1.5"),
				request("POST", "/notes"),
				request("POST", "/notes?text=x&fail=maybe"),
				request("DELETE", "/"),
				request("POST", "/simple"),
				request("PUT", "/specific"),
				request("DELETE", "/reports/summary"),
				request("GET", "/no-such-route"),
				request("PATCH", "/books"));
		return Stream.of(paths, pageKeys, bodies, others).flatMap((stream) -> stream);
	}

	@ParameterizedTest(name = "{0} {1} {3}")
	@MethodSource("malformedRequests")
	void malformedRequestIsAClientError(String method, String uri, String contentType, String body) {
		WebTestClient.RequestBodySpec request = this.client.method(HttpMethod.valueOf(method)).uri(uri);
		WebTestClient.ResponseSpec response = (contentType.isEmpty()) ? request.exchange()
				: request.contentType(MediaType.parseMediaType(contentType)).bodyValue(body).exchange();
		EntityExchangeResult<String> result = response.expectBody(String.class).returnResult();
		assertThat(result.getStatus().is4xxClientError())
			.as("%s %s with %s answered %s: %s", method, uri, body, result.getStatus(), result.getResponseBody())
			.isTrue();
	}

	private static Arguments request(String method, String uri) {
		return Arguments.of(method, uri, "", "");
	}

	private static Arguments request(String method, String uri, String contentType, String body) {
		return Arguments.of(method, uri, contentType, body);
	}

}
