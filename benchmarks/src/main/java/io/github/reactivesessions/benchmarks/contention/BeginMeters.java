package io.github.reactivesessions.benchmarks.contention;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /meters}: the starter's {@code sa.sessions.begin.*} meters of the bind and
 * the failed requests by exception, as the load generator reads them before and after a
 * round. A route of its own rather than the actuator's, which would answer one meter per
 * request and put the actuator on the module's class path.
 */
@RestController
class BeginMeters {

	static final String ATTEMPTS = "sa.sessions.begin.attempts";

	static final String RETRIES = "sa.sessions.begin.retries";

	static final String EXHAUSTED = "sa.sessions.begin.retries.exhausted";

	private final MeterRegistry registry;

	private final FailedRequests failedRequests;

	BeginMeters(MeterRegistry registry, FailedRequests failedRequests) {
		this.registry = registry;
		this.failedRequests = failedRequests;
	}

	/**
	 * Return the counts so far: {@code attempts}, {@code retries} and {@code exhausted} by
	 * cause, and {@code failures} by exception.
	 */
	@GetMapping("/meters")
	Map<String, Object> meters() {
		Map<String, Object> meters = new LinkedHashMap<>();
		meters.put("attempts", (long) this.registry.find(ATTEMPTS)
			.tag("key", ContentionApplication.KEY)
			.counters()
			.stream()
			.mapToDouble(Counter::count)
			.sum());
		meters.put("retries", byCause(RETRIES));
		meters.put("exhausted", byCause(EXHAUSTED));
		meters.put("failures", this.failedRequests.counts());
		return meters;
	}

	private Map<String, Long> byCause(String name) {
		Map<String, Long> counts = new TreeMap<>();
		for (Counter counter : this.registry.find(name).tag("key", ContentionApplication.KEY).counters()) {
			counts.merge(counter.getId().getTag("cause"), (long) counter.count(), Long::sum);
		}
		return counts;
	}

}
