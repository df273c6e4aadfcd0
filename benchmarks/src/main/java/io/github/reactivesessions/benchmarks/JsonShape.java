package io.github.reactivesessions.benchmarks;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shape of a JSON document (property names and value types, not values), to check that
 * both sides of a scenario answer alike before comparing their speed.
 */
final class JsonShape {

	private JsonShape() {
	}

	/**
	 * Fail when two JSON documents differ in shape.
	 * @throws IllegalStateException naming both shapes
	 */
	static void requireSame(Scenario scenario, String starter, String handWritten) {
		requireSame(scenario.toString(), "starter", starter, "hand-written", handWritten);
	}

	/**
	 * Fail when two answers to the same request differ in shape.
	 * @param what what was asked, for the message
	 * @throws IllegalStateException naming both shapes
	 */
	static void requireSame(String what, String firstLabel, String first, String secondLabel, String second) {
		String firstShape = of(first);
		String secondShape = of(second);
		if (!firstShape.equals(secondShape)) {
			throw new IllegalStateException(("%s answers in different JSON shapes, so the comparison would not be "
					+ "fair: %s %s, %s %s").formatted(what, firstLabel, firstShape, secondLabel, secondShape));
		}
	}

	static String of(String json) {
		return of(JsonMapper.shared().readTree(json));
	}

	private static String of(JsonNode node) {
		if (node.isObject()) {
			Map<String, String> properties = new TreeMap<>();
			for (Map.Entry<String, JsonNode> property : node.properties()) {
				properties.put(property.getKey(), of(property.getValue()));
			}
			return properties.entrySet()
				.stream()
				.map((property) -> property.getKey() + ":" + property.getValue())
				.collect(Collectors.joining(",", "{", "}"));
		}
		if (node.isArray()) {
			return "[" + ((node.size() > 0) ? of(node.get(0)) : "") + "]";
		}
		return node.getNodeType().name().toLowerCase(Locale.ROOT);
	}

}
