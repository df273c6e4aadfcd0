package io.github.reactivesessions.view;

import java.util.List;
import java.util.Map;

import org.springframework.context.ApplicationContext;
import org.springframework.http.codec.HttpMessageReader;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.util.ConcurrentReferenceHashMap;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.server.ServerWebExchange;

/**
 * The {@link ServerRequest} of an exchange, so that views and mixins can serve annotated
 * controllers: the functional request when there is one, otherwise one reading bodies with
 * the application's codecs and seeing the controller's path variables.
 */
final class ExchangeRequests {

	// The application's readers, looked up once per context rather than once per request
	// (a bean lookup by type, then a list of readers built by the codec configurer); weak
	// keys, so that a closed context is not kept.
	private static final Map<ApplicationContext, List<HttpMessageReader<?>>> readersByContext =
			new ConcurrentReferenceHashMap<>(16, ConcurrentReferenceHashMap.ReferenceType.WEAK);

	private static volatile List<HttpMessageReader<?>> defaultReaders = List.of();

	private ExchangeRequests() {
	}

	static ServerRequest of(ServerWebExchange exchange) {
		ServerRequest request = exchange.getAttribute(RouterFunctions.REQUEST_ATTRIBUTE);
		if (request != null) {
			return request;
		}
		// Controllers keep their path variables under another attribute than functional routes
		Map<String, String> variables = exchange.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
		if (variables != null) {
			exchange.getAttributes().putIfAbsent(RouterFunctions.URI_TEMPLATE_VARIABLES_ATTRIBUTE, variables);
		}
		return ServerRequest.create(exchange, readers(exchange));
	}

	private static List<HttpMessageReader<?>> readers(ApplicationContext context) {
		ServerCodecConfigurer codecs = context.getBeanProvider(ServerCodecConfigurer.class).getIfAvailable();
		return (codecs != null) ? List.copyOf(codecs.getReaders()) : List.of();
	}

	private static List<HttpMessageReader<?>> readers(ServerWebExchange exchange) {
		ApplicationContext context = exchange.getApplicationContext();
		if (context != null) {
			List<HttpMessageReader<?>> readers = readersByContext.computeIfAbsent(context, ExchangeRequests::readers);
			if (!readers.isEmpty()) {
				return readers;
			}
		}
		List<HttpMessageReader<?>> readers = defaultReaders;
		if (readers.isEmpty()) {
			readers = ServerCodecConfigurer.create().getReaders();
			defaultReaders = readers;
		}
		return readers;
	}

}
