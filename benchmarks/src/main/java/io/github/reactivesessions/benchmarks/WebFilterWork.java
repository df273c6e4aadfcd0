package io.github.reactivesessions.benchmarks;

import java.util.List;

import io.github.reactivesessions.bind.Bind;
import io.github.reactivesessions.bind.Binds;
import io.github.reactivesessions.web.SessionWebFilter;
import io.r2dbc.spi.ConnectionFactory;
import reactor.core.publisher.Mono;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;

/**
 * S1 in the session loop: the session filter of the HTTP benchmark's two middleware binds
 * around a filter chain that does nothing, against that chain alone. The difference is the
 * filter's own work for a request that never queries: opening its lazy sessions, putting
 * them in the exchange and the Reactor Context, and closing them.
 */
final class WebFilterWork {

	// One exchange for every operation: a new mock exchange allocates about 47 KB (its
	// codecs), which would bury the filter's bytes. Each operation clears its attributes,
	// as a new exchange has none. Operations complete synchronously, so none overlap.
	private final ServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/s1/ping"));

	private final WebFilterChain chain = (exchange) -> Mono.empty();

	private final SessionWebFilter filter;

	WebFilterWork(ConnectionFactory connectionFactory) {
		this.filter = new SessionWebFilter(new Binds(List.of(Bind.of(connectionFactory).key("sa_main").build(),
				Bind.of(connectionFactory).key("sa_second").build())));
	}

	Mono<?> starter(long n) {
		return this.filter.filter(newRequest(), this.chain);
	}

	Mono<?> handWritten(long n) {
		return this.chain.filter(newRequest());
	}

	private ServerWebExchange newRequest() {
		this.exchange.getAttributes().clear();
		return this.exchange;
	}

}
