package io.github.reactivesessions.bind;

import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.github.reactivesessions.schema.SchemaManager;
import io.github.reactivesessions.session.ReactiveSessionFactory;
import io.github.reactivesessions.session.RoutedSession;
import io.r2dbc.spi.ConnectionFactory;
import reactor.core.publisher.Mono;

/**
 * The registry of an application's binds, by key: aiohttp-sqlalchemy's {@code setup(app, binds)}.
 *
 * <p>The {@linkplain #defaultKey() default key} is used wherever no key is given.
 *
 * <pre class="code">
 * Mono&lt;Long&gt; count = binds.sessionFactory("sa_reports")
 *     .withSession((session) -&gt; session.count(Report.class, Query.empty()));
 * </pre>
 *
 * @since 0.1.0
 */
public final class Binds implements Iterable<Bind> {

	/**
	 * The default key: aiohttp-sqlalchemy's {@code SA_DEFAULT_KEY}.
	 */
	public static final String DEFAULT_KEY = "sa_main";

	private final String defaultKey;

	private final Map<String, Bind> binds = new LinkedHashMap<>();

	/**
	 * Create a registry with the default key {@value #DEFAULT_KEY}.
	 * @param binds the binds
	 * @throws DuplicateBindKeyException when two binds have the same key
	 * @throws DefaultBindNotFoundException when no bind has the default key
	 */
	public Binds(Collection<Bind> binds) {
		this(DEFAULT_KEY, binds);
	}

	/**
	 * Create a registry.
	 * @param defaultKey the key used when none is given
	 * @param binds the binds
	 * @throws DuplicateBindKeyException when two binds have the same key, or keys that differ
	 * only in case
	 * @throws DefaultBindNotFoundException when no bind has the default key
	 */
	public Binds(String defaultKey, Collection<Bind> binds) {
		for (Bind bind : binds) {
			for (String key : this.binds.keySet()) {
				if (!key.equals(bind.key()) && key.equalsIgnoreCase(bind.key())) {
					throw new DuplicateBindKeyException(key, bind.key());
				}
			}
			if (this.binds.putIfAbsent(bind.key(), bind) != null) {
				throw new DuplicateBindKeyException(bind.key());
			}
		}
		if (!this.binds.containsKey(defaultKey)) {
			throw new DefaultBindNotFoundException(defaultKey, this.binds.keySet());
		}
		this.defaultKey = defaultKey;
	}

	/**
	 * Check that a key is a valid bind key: a letter followed by letters, digits and
	 * underscores (keys name Spring beans and configuration entries).
	 * @param key a key
	 * @return the same key
	 * @throws InvalidBindKeyException when the key is invalid
	 */
	public static String requireValidKey(String key) {
		return BindKeys.validate(key);
	}

	/**
	 * Return the key used when none is given.
	 * @return the default key
	 */
	public String defaultKey() {
		return this.defaultKey;
	}

	/**
	 * Return the keys of all binds, in configuration order.
	 * @return the keys
	 */
	public Set<String> keys() {
		return this.binds.keySet();
	}

	/**
	 * Return whether a bind has the given key.
	 * @param key a key
	 * @return whether the key is known
	 */
	public boolean contains(String key) {
		return this.binds.containsKey(key);
	}

	/**
	 * Return the bind of the default key.
	 * @return the bind
	 */
	public Bind bind() {
		return bind(this.defaultKey);
	}

	/**
	 * Return the bind of a key.
	 * @param key the key
	 * @return the bind
	 * @throws BindNotFoundException when no bind has the key
	 */
	public Bind bind(String key) {
		Bind bind = this.binds.get(key);
		if (bind == null) {
			throw new BindNotFoundException(key, this.binds.keySet());
		}
		return bind;
	}

	/**
	 * Return the connection factory of the default key: aiohttp-sqlalchemy's {@code get_engine(app)}.
	 * @return the connection factory
	 */
	public ConnectionFactory connectionFactory() {
		return bind().connectionFactory();
	}

	/**
	 * Return the connection factory of a key: aiohttp-sqlalchemy's {@code get_engine(app, key)}.
	 * @param key the key
	 * @return the connection factory
	 * @throws BindNotFoundException when no bind has the key
	 */
	public ConnectionFactory connectionFactory(String key) {
		return bind(key).connectionFactory();
	}

	/**
	 * Return the session factory of the default key: aiohttp-sqlalchemy's
	 * {@code get_session_factory(app)}.
	 * @return the session factory
	 */
	public ReactiveSessionFactory sessionFactory() {
		return bind().sessionFactory();
	}

	/**
	 * Return the session factory of a key: aiohttp-sqlalchemy's
	 * {@code get_session_factory(app, key)}.
	 * @param key the key
	 * @return the session factory
	 * @throws BindNotFoundException when no bind has the key
	 */
	public ReactiveSessionFactory sessionFactory(String key) {
		return bind(key).sessionFactory();
	}

	/**
	 * Open a session over all binds, which takes each entity to its bind (see
	 * {@link RoutedSession}); it opens a bind's session when it first needs it. Does no
	 * I/O. The caller closes it.
	 * @return the routed session
	 */
	public RoutedSession openRoutedSession() {
		return RoutedSession.of(sessionFactory().entityBinds(), this.defaultKey, keys(),
				(key) -> sessionFactory(key).openSession());
	}

	/**
	 * Open a routed session, run work with it and close it, whatever the outcome. The work
	 * commits with {@link RoutedSession#commit()}; what it leaves uncommitted is rolled back.
	 * @param work the work
	 * @param <T> the result type
	 * @return the work's result
	 */
	public <T> Mono<T> withRoutedSession(Function<? super RoutedSession, ? extends Mono<T>> work) {
		return Mono.usingWhen(Mono.fromSupplier(this::openRoutedSession), work::apply, RoutedSession::close,
				(session, error) -> session.close(), RoutedSession::close);
	}

	/**
	 * Create the missing tables of the given entities in the default key's database:
	 * aiohttp-sqlalchemy's {@code init_db(app, metadata)}.
	 * @param entityTypes the entity types
	 * @return completion of the creation
	 * @see SchemaManager#createAll(Class[])
	 */
	public Mono<Void> initDb(Class<?>... entityTypes) {
		return initDb(this.defaultKey, entityTypes);
	}

	/**
	 * Create the missing tables of the given entities in a key's database, in its dialect:
	 * aiohttp-sqlalchemy's {@code init_db(app, metadata, key)}. Existing tables are left as they are.
	 * @param key the key
	 * @param entityTypes the entity types
	 * @return completion of the creation
	 * @throws BindNotFoundException when no bind has the key
	 */
	public Mono<Void> initDb(String key, Class<?>... entityTypes) {
		return new SchemaManager(bind(key).entityTemplate()).createAll(entityTypes);
	}

	/**
	 * Drop the tables of the given entities in a key's database, for tests.
	 * @param key the key
	 * @param entityTypes the entity types
	 * @return completion of the drop
	 * @throws BindNotFoundException when no bind has the key
	 */
	public Mono<Void> dropAll(String key, Class<?>... entityTypes) {
		return new SchemaManager(bind(key).entityTemplate()).dropAll(entityTypes);
	}

	@Override
	public Iterator<Bind> iterator() {
		return this.binds.values().iterator();
	}

	@Override
	public String toString() {
		return "Binds[default=" + this.defaultKey + ", keys=" + this.binds.keySet() + "]";
	}

}
