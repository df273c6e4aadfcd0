package io.github.reactivesessions.session;

import java.util.List;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.log.LogMessage;

/**
 * Calls several {@link SessionListener listeners} in order. A listener that throws is
 * logged and skipped: the session calls its listeners in the middle of its own
 * bookkeeping, which an exception must not cut short.
 */
final class CompositeSessionListener implements SessionListener {

	private static final Log logger = LogFactory.getLog(CompositeSessionListener.class);

	private final List<SessionListener> listeners;

	CompositeSessionListener(List<SessionListener> listeners) {
		this.listeners = listeners;
	}

	@Override
	public SessionListener forReplicas() {
		return new CompositeSessionListener(this.listeners.stream().map(SessionListener::forReplicas).toList());
	}

	@Override
	public void sessionOpened(String key) {
		tell(key, (listener) -> listener.sessionOpened(key));
	}

	@Override
	public void connectionAcquired(String key) {
		tell(key, (listener) -> listener.connectionAcquired(key));
	}

	@Override
	public void committed(String key) {
		tell(key, (listener) -> listener.committed(key));
	}

	@Override
	public void rolledBack(String key, RollbackCause cause) {
		tell(key, (listener) -> listener.rolledBack(key, cause));
	}

	@Override
	public void connectionReleased(String key, long heldNanos) {
		tell(key, (listener) -> listener.connectionReleased(key, heldNanos));
	}

	@Override
	public void beginAttempted(String key) {
		tell(key, (listener) -> listener.beginAttempted(key));
	}

	@Override
	public void beginRetried(String key, TransactionRetry.Cause cause) {
		tell(key, (listener) -> listener.beginRetried(key, cause));
	}

	@Override
	public void beginRetriesExhausted(String key, TransactionRetry.Cause cause) {
		tell(key, (listener) -> listener.beginRetriesExhausted(key, cause));
	}

	private void tell(String key, Consumer<SessionListener> event) {
		for (SessionListener listener : this.listeners) {
			try {
				event.accept(listener);
			}
			catch (RuntimeException ex) {
				logger.warn(LogMessage.format("SessionListener %s failed for a session of '%s'", listener, key), ex);
			}
		}
	}

}
