package io.github.reactivesessions.benchmarks;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ContentionRouteTests {

	private static final Pattern TRANSFER = Pattern
		.compile("/transfer/((?:serializable/)?(?:retry|once))\\?from=(\\d+)&to=(\\d+)&amount=(\\d+)&request=(\\d+)");

	@Test
	void transfersAreBetweenTwoDifferentAccountsOfTheRange() {
		Set<String> pairs = new HashSet<>();
		for (long n = 0; n < 2000; n++) {
			Matcher transfer = matcher(ContentionRoute.RETRY.request(n, 10));
			int from = Integer.parseInt(transfer.group(2));
			int to = Integer.parseInt(transfer.group(3));
			assertThat(from).isBetween(1, 10).isNotEqualTo(to);
			assertThat(to).isBetween(1, 10);
			assertThat(Integer.parseInt(transfer.group(4))).isBetween(1, 100);
			pairs.add(from + ">" + to);
		}
		// Every ordered pair comes, so both directions of each pair conflict.
		assertThat(pairs).hasSize(10 * 9);
	}

	@Test
	void bothRoutesGetTheSameTransfersUnderRequestNumbersOfTheirOwn() {
		Set<Long> requests = new HashSet<>();
		for (long n = 0; n < 100; n++) {
			Matcher retry = matcher(ContentionRoute.RETRY.request(n, 10));
			Matcher once = matcher(ContentionRoute.ONCE.request(n, 10));
			assertThat(retry.group(1)).isEqualTo("retry");
			assertThat(once.group(1)).isEqualTo("once");
			assertThat(once.group(2) + once.group(3) + once.group(4))
				.isEqualTo(retry.group(2) + retry.group(3) + retry.group(4));
			assertThat(requests.add(Long.parseLong(retry.group(5)))).isTrue();
			assertThat(requests.add(Long.parseLong(once.group(5)))).isTrue();
		}
	}

	@Test
	void serializableRoutesRunOnPostgresOnly() {
		assertThat(ContentionRoute.on(ContentionServer.POSTGRES)).containsExactly(ContentionRoute.values());
		assertThat(ContentionRoute.on(ContentionServer.MYSQL)).containsExactly(ContentionRoute.RETRY,
				ContentionRoute.ONCE);
		assertThat(ContentionRoute.values()).filteredOn(ContentionRoute::retries)
			.containsExactly(ContentionRoute.RETRY, ContentionRoute.SERIALIZABLE_RETRY);
	}

	@Test
	void requestNumbersOfAllRoutesDiffer() {
		Set<String> requests = new HashSet<>();
		for (long n = 0; n < 100; n++) {
			for (ContentionRoute route : ContentionRoute.values()) {
				assertThat(requests.add(matcher(route.request(n, 10)).group(5))).isTrue();
			}
		}
	}

	@Test
	void twoAccountsAlwaysTransferBetweenThem() {
		for (long n = 0; n < 100; n++) {
			Matcher transfer = matcher(ContentionRoute.ONCE.request(n, 2));
			assertThat(Set.of(transfer.group(2), transfer.group(3))).containsExactlyInAnyOrder("1", "2");
		}
	}

	private static Matcher matcher(Scenario.Request request) {
		assertThat(request.method().name()).isEqualTo("POST");
		Matcher matcher = TRANSFER.matcher(request.path());
		assertThat(matcher.matches()).as(request.path()).isTrue();
		return matcher;
	}

}
