package io.github.reactivesessions.session;

import java.util.List;

/**
 * Calls several {@link SessionListener listeners} in order.
 *
 * @author reactive-sessions
 */
final class CompositeSessionListener implements SessionListener {

	private final List<SessionListener> listeners;

	CompositeSessionListener(List<SessionListener> listeners) {
		this.listeners = listeners;
	}

	@Override
	public void sessionOpened(String key) {
		for (SessionListener listener : this.listeners) {
			listener.sessionOpened(key);
		}
	}

	@Override
	public void connectionAcquired(String key) {
		for (SessionListener listener : this.listeners) {
			listener.connectionAcquired(key);
		}
	}

	@Override
	public void committed(String key) {
		for (SessionListener listener : this.listeners) {
			listener.committed(key);
		}
	}

	@Override
	public void rolledBack(String key, RollbackCause cause) {
		for (SessionListener listener : this.listeners) {
			listener.rolledBack(key, cause);
		}
	}

	@Override
	public void connectionReleased(String key, long heldNanos) {
		for (SessionListener listener : this.listeners) {
			listener.connectionReleased(key, heldNanos);
		}
	}

}
