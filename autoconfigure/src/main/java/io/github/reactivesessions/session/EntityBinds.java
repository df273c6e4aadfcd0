package io.github.reactivesessions.session;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.data.relational.core.mapping.Table;

/**
 * Which bind each entity type lives in: SQLAlchemy's {@code Session(binds={User: engine})}
 * map, read from the entities themselves. The rules, in order:
 *
 * <ol>
 * <li>a type annotated {@link BindKey @BindKey("k")} belongs to {@code k};</li>
 * <li>a {@link Table @Table} type in a package a bind claims
 * ({@code sa.binds.<key>.entity-packages}, or {@link Builder#packages(String, Collection)})
 * belongs to that bind, the longest claimed package winning when packages nest;</li>
 * <li>any other type belongs to the default bind.</li>
 * </ol>
 *
 * A type whose annotation and package name two different binds is refused with an
 * {@link InvalidEntityBindException}; so is a package two binds claim.
 *
 * <p>A session of one bind refuses a type that <em>declares</em> another bind (rule 1 or
 * 2) with a {@link WrongBindException}; a type that declares none may be used by any bind,
 * as the same table in several databases (a test, a shard), and only its {@code create-all}
 * and its {@link RoutedSession routing} follow the default bind.
 *
 * <p>Thread-safe; answers are cached per type.
 *
 * @since 0.1.0
 */
public final class EntityBinds {

	// Claimed package -> bind key.
	private final Map<String, String> packages;

	private final Map<Class<?>, Declared> declared = new ConcurrentHashMap<>();

	private EntityBinds(Map<String, String> packages) {
		this.packages = packages;
	}

	/**
	 * Entity binds read from {@link BindKey @BindKey} annotations only.
	 * @return the entity binds
	 */
	public static EntityBinds annotated() {
		// Not shared: its cache holds classes, which an application's restart must let go.
		return new EntityBinds(Map.of());
	}

	/**
	 * Start building entity binds.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Return the packages the binds claim, each with the key of its bind.
	 * @return the claimed packages
	 */
	public Map<String, String> packages() {
		return this.packages;
	}

	/**
	 * Return the bind an entity type belongs to: the one it declares, or the default bind.
	 * @param type the entity type
	 * @param defaultKey the key of the default bind
	 * @return the bind key
	 * @throws InvalidEntityBindException when its annotation and its package name
	 * different binds
	 */
	public String keyOf(Class<?> type, String defaultKey) {
		String key = declaredKey(type);
		return (key != null) ? key : defaultKey;
	}

	/**
	 * Return the bind an entity type declares, by annotation or package.
	 * @param type the entity type
	 * @return the bind key, or {@code null} when the type declares none
	 * @throws InvalidEntityBindException when its annotation and its package name
	 * different binds
	 */
	public @Nullable String declaredKey(Class<?> type) {
		return declared(type).key();
	}

	/**
	 * Say how an entity type declares its bind, for messages: {@code "@BindKey on Note"} or
	 * {@code "sa.binds.sa_second.entity-packages: com.example.second"}.
	 * @param type an entity type that declares a bind
	 * @return the description
	 */
	public String howDeclared(Class<?> type) {
		return declared(type).how();
	}

	/**
	 * Check an entity type against the binds that exist, as the application does for the
	 * entities it finds at startup.
	 * @param type the entity type
	 * @param keys the keys of the binds
	 * @throws InvalidEntityBindException when the type names a bind that does not exist,
	 * or two binds
	 */
	public void validate(Class<?> type, Collection<String> keys) {
		Declared declared = declared(type);
		if (declared.key() != null && !keys.contains(declared.key())) {
			throw InvalidEntityBindException.unknownKey(type, declared.key(), declared.how(), keys);
		}
	}

	private Declared declared(Class<?> type) {
		Declared declared = this.declared.get(type);
		if (declared == null) {
			declared = declare(type);
			this.declared.put(type, declared);
		}
		return declared;
	}

	private Declared declare(Class<?> type) {
		BindKey annotation = AnnotatedElementUtils.findMergedAnnotation(type, BindKey.class);
		String claimedPackage = claimedPackage(type);
		String claimedBy = (claimedPackage != null) ? this.packages.get(claimedPackage) : null;
		if (annotation != null) {
			String how = "@BindKey(\"%s\") on %s".formatted(annotation.value(), type.getName());
			if (claimedBy != null && !claimedBy.equals(annotation.value())) {
				throw InvalidEntityBindException.twoBinds(type, how,
						"sa.binds.%s.entity-packages (%s)".formatted(claimedBy, claimedPackage));
			}
			return new Declared(annotation.value(), how);
		}
		if (claimedBy != null) {
			return new Declared(claimedBy, "sa.binds.%s.entity-packages (%s)".formatted(claimedBy, claimedPackage));
		}
		return new Declared(null, "no @BindKey and no entity-packages");
	}

	private @Nullable String claimedPackage(Class<?> type) {
		if (this.packages.isEmpty() || !AnnotatedElementUtils.hasAnnotation(type, Table.class)) {
			return null;
		}
		String name = type.getName();
		String longest = null;
		for (String claimed : this.packages.keySet()) {
			if (name.startsWith(claimed + ".") && (longest == null || claimed.length() > longest.length())) {
				longest = claimed;
			}
		}
		return longest;
	}

	@Override
	public String toString() {
		return "EntityBinds[packages=" + this.packages + "]";
	}

	private record Declared(@Nullable String key, String how) {
	}

	/**
	 * Builder of {@link EntityBinds}.
	 */
	public static final class Builder {

		private final Map<String, String> packages = new LinkedHashMap<>();

		private Builder() {
		}

		/**
		 * Let a bind claim the {@code @Table} types of some packages and their
		 * sub-packages.
		 * @param key the bind key
		 * @param packageNames the packages
		 * @return this builder
		 * @throws InvalidEntityBindException when another bind claims one of the packages
		 */
		public Builder packages(String key, Collection<String> packageNames) {
			for (String packageName : packageNames) {
				String trimmed = packageName.trim();
				String other = this.packages.putIfAbsent(trimmed, key);
				if (other != null && !other.equals(key)) {
					throw InvalidEntityBindException.packageOfTwoBinds(trimmed, other, key);
				}
			}
			return this;
		}

		/**
		 * Build the entity binds.
		 * @return the entity binds
		 */
		public EntityBinds build() {
			return new EntityBinds(Map.copyOf(this.packages));
		}

	}

}
