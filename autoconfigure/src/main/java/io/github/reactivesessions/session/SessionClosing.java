package io.github.reactivesessions.session;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

/**
 * Closes several sessions: {@link ReactiveSession#closeAll(List)}.
 */
final class SessionClosing {

	private static final Log logger = LogFactory.getLog(SessionClosing.class);

	private SessionClosing() {
	}

	static Mono<Void> closeAll(List<? extends ReactiveSession> sessions) {
		return Mono.defer(() -> {
			// Idle sessions close here and now; only the others need a publisher each. The
			// web filter closes two idle sessions after most requests, and a publisher per
			// session showed in its allocation (benchmarks/HISTORY.md).
			Mono<Void> closing = null;
			for (ReactiveSession session : sessions) {
				if (session instanceof DefaultReactiveSession own && own.closeIfIdle()) {
					continue;
				}
				// One after the other, without assembling a Flux: Reactor merges a chain
				// of then(...) into one operator.
				closing = (closing != null) ? closing.then(closeQuietly(session)) : closeQuietly(session);
			}
			return (closing != null) ? closing : Mono.empty();
		});
	}

	private static Mono<Void> closeQuietly(ReactiveSession session) {
		return session.close().onErrorResume((ex) -> {
			logger.warn("Closing session '%s' failed".formatted(session.key()), ex);
			return Mono.empty();
		});
	}

}
