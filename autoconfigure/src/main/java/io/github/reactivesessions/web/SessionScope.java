package io.github.reactivesessions.web;

import java.lang.reflect.Method;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.reactivesessions.bind.Bind;
import io.github.reactivesessions.bind.Binds;
import io.github.reactivesessions.session.ReactiveSession;
import io.github.reactivesessions.session.RoutedSession;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.aop.support.AopUtils;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.server.ServerWebExchange;

/**
 * The sessions of one request (or of one {@code @UseSession} call outside requests): those
 * the web filter opened, and those a handler asks for with {@code @UseSession}, opened when
 * first needed. Closing the scope closes them all.
 */
final class SessionScope {

	/**
	 * Exchange attribute holding the scope of a request.
	 */
	static final String ATTRIBUTE = SessionScope.class.getName();

	private final Binds binds;

	private final @Nullable ServerWebExchange exchange;

	// The binds the web filter opened; the filter's own list, not copied.
	private final List<Bind> filterBinds;

	// Their sessions, by the index of their bind: one array rather than a map entry per
	// session, since every request opens them (a profile over HTTP found the map's put).
	private final ReactiveSession[] filterSessions;

	// Sessions opened later, for @UseSession; created by the first of them.
	private @Nullable Map<String, ReactiveSession> otherSessions;

	// Created by the first allow(...): most requests never call it.
	private @Nullable Set<String> allowed;

	// Created by the first routed() of the request.
	private @Nullable RoutedSession routed;

	// Set when the scope closes its sessions: a session asked for later would never be
	// closed, so it is refused.
	private boolean closed;

	// The binds with replicas whose sessions committed a write on the primary; created by
	// the first.
	private @Nullable Set<Bind> wroteOnPrimary;

	private SessionScope(Binds binds, @Nullable ServerWebExchange exchange, List<Bind> filterBinds) {
		this.binds = binds;
		this.exchange = exchange;
		this.filterBinds = filterBinds;
		this.filterSessions = new ReactiveSession[filterBinds.size()];
	}

	/**
	 * A request's scope, with a session for each of the given binds (none of them takes a
	 * connection until its first statement).
	 */
	static SessionScope forRequest(Binds binds, ServerWebExchange exchange, List<Bind> filterBinds) {
		SessionScope scope = new SessionScope(binds, exchange, filterBinds);
		for (int i = 0; i < filterBinds.size(); i++) {
			scope.filterSessions[i] = scope.openSession(filterBinds.get(i));
		}
		return scope;
	}

	/**
	 * A scope for one method call outside any request, allowed to open the given keys.
	 */
	static SessionScope forCall(Binds binds, Set<String> keys) {
		SessionScope scope = new SessionScope(binds, null, List.of());
		scope.allow(keys);
		return scope;
	}

	Binds binds() {
		return this.binds;
	}

	boolean isRequest() {
		return this.exchange != null;
	}

	/**
	 * Return the session of a key, opening it when the scope allows the key.
	 * @throws SessionNotFoundException when the session is not open, with the reason
	 */
	synchronized ReactiveSession get(String key) {
		int filterIndex = filterIndex(key);
		if (filterIndex >= 0) {
			return this.filterSessions[filterIndex];
		}
		ReactiveSession session = (this.otherSessions != null) ? this.otherSessions.get(key) : null;
		if (session != null) {
			return session;
		}
		if (this.closed && this.binds.contains(key)) {
			// Code still running after the request ended (its client reset the connection
			// while a database call returned on another thread).
			throw SessionNotFoundException.scopeEnded(key);
		}
		if (!this.binds.contains(key)) {
			throw SessionNotFoundException.unknownKey(key, this.binds.keys());
		}
		if ((this.allowed != null && this.allowed.contains(key)) || declaredByHandler(key)) {
			return open(this.binds.bind(key));
		}
		Bind bind = this.binds.bind(key);
		if (bind.isMiddleware() && this.exchange != null) {
			throw SessionNotFoundException.excludedByPaths(key,
					this.exchange.getRequest().getPath().pathWithinApplication().value(), bind.paths(),
					bind.excludePaths());
		}
		if (this.exchange == null) {
			throw SessionNotFoundException.noScope(key);
		}
		throw SessionNotFoundException.notOpened(key);
	}

	/**
	 * Return the routed session of the scope: one over its sessions, created when first
	 * asked for.
	 */
	synchronized RoutedSession routed() {
		if (this.routed == null) {
			this.routed = RoutedSession.of(this.binds.sessionFactory().entityBinds(), this.binds.defaultKey(),
					this.binds.keys(), this::get);
		}
		return this.routed;
	}

	/**
	 * Let the scope open these keys when asked for.
	 * @throws SessionNotFoundException when a key names no bind
	 */
	synchronized void allow(Set<String> keys) {
		for (String key : keys) {
			if (!this.binds.contains(key)) {
				throw SessionNotFoundException.unknownKey(key, this.binds.keys());
			}
			if (this.allowed == null) {
				this.allowed = new HashSet<>(4);
			}
			this.allowed.add(key);
		}
	}

	/**
	 * Return whether the web filter opened the session of a key for this request.
	 */
	boolean isOpenedByFilter(String key) {
		return filterIndex(key) >= 0;
	}

	private int filterIndex(String key) {
		for (int i = 0; i < this.filterBinds.size(); i++) {
			if (this.filterBinds.get(i).key().equals(key)) {
				return i;
			}
		}
		return -1;
	}

	/**
	 * Return whether a method is the handler method the request was mapped to.
	 */
	boolean isHandler(Method method) {
		HandlerMethod handler = handlerMethod();
		return handler != null && AopUtils.getMostSpecificMethod(method, handler.getBeanType())
			.equals(handler.getMethod());
	}

	/**
	 * Commit (status below 400) or roll back the sessions of commit-on-success binds, before
	 * the response is committed: committed in bind order by the rules of
	 * {@link RoutedSession#commitAll(java.util.List)}. Sessions inside a running begin block
	 * are left to it.
	 */
	Mono<Void> completeBeforeResponse(@Nullable HttpStatusCode status) {
		if (isClosed()) {
			// The request failed, and closing its sessions rolled them back: the error
			// response being written has nothing left to commit or roll back.
			return Mono.empty();
		}
		boolean success = status == null || status.value() < 400;
		List<ReactiveSession> sessions = new ArrayList<>(2);
		for (ReactiveSession session : openSessions()) {
			if (this.binds.bind(session.key()).isCommitOnSuccess() && !session.inBegin()) {
				sessions.add(session);
			}
		}
		if (sessions.isEmpty()) {
			return Mono.empty();
		}
		if (sessions.size() > 1) {
			// In bind order, as a routed session commits: several commit-on-success binds
			// follow its rules, a partial commit included.
			List<String> order = List.copyOf(this.binds.keys());
			sessions.sort(Comparator.comparingInt((session) -> order.indexOf(session.key())));
		}
		if (success) {
			return RoutedSession.commitAll(sessions);
		}
		return Flux.fromIterable(sessions).concatMapDelayError(ReactiveSession::rollback).then();
	}

	/**
	 * Close every session of the scope: whatever is uncommitted is rolled back and
	 * connections go back to their pools. Sessions asked for from the call on are refused:
	 * it is made when the request or call ends (by {@code usingWhen}), and the sessions it
	 * closes are those open at that moment.
	 */
	Mono<Void> close() {
		return ReactiveSession.closeAll(closeScope());
	}

	private synchronized boolean isClosed() {
		return this.closed;
	}

	private synchronized List<ReactiveSession> closeScope() {
		this.closed = true;
		return openSessions();
	}

	private synchronized List<ReactiveSession> openSessions() {
		if (this.otherSessions == null) {
			return List.of(this.filterSessions);
		}
		List<ReactiveSession> sessions = new ArrayList<>(Arrays.asList(this.filterSessions));
		sessions.addAll(this.otherSessions.values());
		return sessions;
	}

	private ReactiveSession open(Bind bind) {
		ReactiveSession session = openSession(bind);
		if (this.otherSessions == null) {
			this.otherSessions = new LinkedHashMap<>(4);
		}
		this.otherSessions.put(bind.key(), session);
		return session;
	}

	/**
	 * Open a session of the bind, in the exchange attributes under its key for a request;
	 * on a bind with replicas, a request's session reads where {@link RequestReplicaReads}
	 * says.
	 */
	private ReactiveSession openSession(Bind bind) {
		if (this.exchange == null) {
			return bind.sessionFactory().openSession();
		}
		ReactiveSession session = bind.replicas().isEmpty() ? bind.sessionFactory().openSession()
				: bind.sessionFactory().openSession(new RequestReplicaReads(this.exchange, bind, this, Clock.systemUTC()));
		this.exchange.getAttributes().put(bind.key(), session);
		return session;
	}

	/**
	 * A session of a bind with replicas committed a write on the primary: the response
	 * starts the client's read-your-writes window.
	 */
	synchronized void committedOnPrimary(Bind bind) {
		if (this.wroteOnPrimary == null) {
			this.wroteOnPrimary = new HashSet<>(2);
		}
		this.wroteOnPrimary.add(bind);
	}

	/**
	 * Start the client's read-your-writes window of every bind whose session committed a
	 * write, in the response about to be committed.
	 */
	void startReadYourWrites() {
		Set<Bind> wrote;
		synchronized (this) {
			wrote = (this.wroteOnPrimary != null) ? Set.copyOf(this.wroteOnPrimary) : Set.of();
		}
		if (this.exchange != null) {
			for (Bind bind : wrote) {
				ReadYourWrites.start(this.exchange.getResponse(), bind, Clock.systemUTC());
			}
		}
	}

	private boolean declaredByHandler(String key) {
		HandlerMethod handler = handlerMethod();
		return handler != null && UseSessionKeys.resolved(handler.getMethod(), handler.getBeanType(), this.binds)
			.contains(key);
	}

	private @Nullable HandlerMethod handlerMethod() {
		if (this.exchange == null) {
			return null;
		}
		Object handler = this.exchange.getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE);
		return (handler instanceof HandlerMethod handlerMethod) ? handlerMethod : null;
	}

}
