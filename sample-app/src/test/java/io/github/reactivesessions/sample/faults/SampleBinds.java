package io.github.reactivesessions.sample.faults;

import java.util.List;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The sample app's binds, pointed at a test's namespace on a database server.
 */
final class SampleBinds {

	static final List<String> KEYS = List.of("sa_main", "sa_second", "sa_orders", "sa_reports");

	private SampleBinds() {
	}

	/**
	 * Point every bind of the sample app at the given url.
	 */
	static void register(DynamicPropertyRegistry registry, String url) {
		for (String key : KEYS) {
			registry.add("sa.binds." + key + ".url", () -> url);
		}
	}

}
