package io.github.reactivesessions.autoconfigure;

import java.beans.PropertyDescriptor;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The properties a bind has ({@code sa.binds.<key>.<name>}), and the check that fails the
 * startup on one it does not have: a typo such as {@code midleware} or
 * {@code pool.max-sise} would otherwise be ignored, and leave the default in force.
 *
 * <p>Written here because Spring Boot's binder, told to refuse unknown fields, names the
 * property but not the one that was meant. Environment variables are not checked: their
 * names stand for several property names at once.
 */
final class BindPropertyNames {

	private static final ConfigurationPropertyName BINDS = ConfigurationPropertyName.of("sa.binds");

	// Names under which any name is a property: the driver's options.
	private static final List<String> OPEN_GROUPS = List.of("options");

	// Groups, which an empty YAML key ("pool:" with its entries commented out) names alone.
	private static final List<String> GROUPS = List.of("options", "pool", "init", "retry", "flyway", "replicas",
			"replica-reads");

	private static final TreeSet<String> KNOWN = known();

	// The known names as Spring Boot's relaxed binding compares them: without dashes, in
	// lower case (readOnly, read-only and read_only are one property).
	private static final Set<String> KNOWN_UNIFORM = KNOWN.stream().map(BindPropertyNames::uniform)
		.collect(Collectors.toSet());

	private BindPropertyNames() {
	}

	/**
	 * Fail on the first property under {@code sa.binds.<key>} that no bind has.
	 * @param environment the environment
	 * @throws UnknownBindPropertyException naming the property and the nearest known one
	 */
	static void requireKnown(Environment environment) {
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			if (!(source instanceof IterableConfigurationPropertySource iterable)
					|| source.getUnderlyingSource() instanceof SystemEnvironmentPropertySource) {
				continue;
			}
			iterable.filter(BINDS::isAncestorOf).forEach(BindPropertyNames::requireKnown);
		}
	}

	private static void requireKnown(ConfigurationPropertyName name) {
		if (name.getNumberOfElements() < 4) {
			return;
		}
		String key = name.getElement(2, ConfigurationPropertyName.Form.ORIGINAL);
		StringBuilder property = new StringBuilder();
		// As written, with the indices of list elements (replicas[0].url), for the message.
		StringBuilder written = new StringBuilder();
		for (int i = 3; i < name.getNumberOfElements(); i++) {
			String element = name.getElement(i, ConfigurationPropertyName.Form.DASHED);
			if (name.isNumericIndex(i)) {
				// An element of a list (paths[0]).
				written.append("[").append(element).append("]");
				continue;
			}
			property.append((property.length() > 0) ? "." : "").append(element);
			written.append((written.length() > 0) ? "." : "").append(element);
		}
		String relative = property.toString();
		if (KNOWN_UNIFORM.contains(uniform(relative)) || GROUPS.contains(relative)
				|| OPEN_GROUPS.stream().anyMatch((group) -> relative.startsWith(group + "."))) {
			return;
		}
		String nearest = nearest(relative);
		if (nearest != null && nearest.startsWith("replicas.") && written.toString().startsWith("replicas[")) {
			// The suggestion keeps the element's index.
			nearest = written.substring(0, written.indexOf("]") + 1) + nearest.substring("replicas".length());
		}
		throw new UnknownBindPropertyException("sa.binds." + key + "." + written, key, nearest, KNOWN);
	}

	/**
	 * The known name fewest edits away, when it is near enough to be a typo of it.
	 */
	static @Nullable String nearest(String name) {
		String nearest = null;
		int best = Integer.MAX_VALUE;
		for (String known : KNOWN) {
			int distance = distance(name, known);
			if (distance < best) {
				best = distance;
				nearest = known;
			}
		}
		return (best <= Math.max(2, name.length() / 3)) ? nearest : null;
	}

	/**
	 * Levenshtein distance: insertions, deletions and substitutions.
	 */
	private static int distance(String a, String b) {
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int substitution = previous[j - 1] + ((a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1);
				current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}

	private static String uniform(String name) {
		return name.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
	}

	/**
	 * The properties of a bind, relative to {@code sa.binds.<key>.}, in kebab case: those
	 * of {@link SaProperties.Bind}, with its pool, init, retry and flyway groups as dotted names.
	 */
	static TreeSet<String> known() {
		TreeSet<String> names = new TreeSet<>();
		collect(SaProperties.Bind.class, "", names);
		return names;
	}

	private static void collect(Class<?> type, String prefix, TreeSet<String> names) {
		for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(type)) {
			if (descriptor.getName().equals("class")) {
				continue;
			}
			String name = prefix + descriptor.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
			Class<?> propertyType = descriptor.getPropertyType();
			if (propertyType == BindPoolProperties.class || propertyType == SaProperties.Init.class
					|| propertyType == BindRetryProperties.class || propertyType == BindFlywayProperties.class
					|| propertyType == BindReplicaReadsProperties.class) {
				collect(propertyType, name + ".", names);
			}
			else if (name.equals(prefix + "replicas")) {
				// A list of groups: replicas[0].url is known as replicas.url.
				collect(BindReplicaProperties.class, name + ".", names);
			}
			else if (descriptor.getWriteMethod() != null || Map.class.isAssignableFrom(propertyType)
					|| List.class.isAssignableFrom(propertyType)) {
				names.add(name);
			}
		}
	}

}
