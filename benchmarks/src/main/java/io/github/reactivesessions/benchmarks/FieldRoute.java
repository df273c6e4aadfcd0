package io.github.reactivesessions.benchmarks;

import java.util.Arrays;
import java.util.List;

/**
 * The routes of the field application ({@code FieldApplication}): each workload written
 * the ways users compare. The first route of each workload, the repository's, is the one
 * the others are compared with.
 */
enum FieldRoute {

	READ_REPOSITORY(Scenario.S2, "idiomatic", "`repository.findById(id)`, no transaction", "/repository"),

	READ_OPERATOR(Scenario.S2, "TransactionalOperator", "`template.selectOne(...)` in `TransactionalOperator`",
			"/operator"),

	READ_SESSION(Scenario.S2, "starter", "`session.get(Item.class, id)` on the request's session", "/session"),

	READ_SESSION_BEGIN(Scenario.S2, "starter, `begin`", "`session.begin((s) -> s.get(Item.class, id))`",
			"/session-begin"),

	PAGE_REPOSITORY(Scenario.S4, "idiomatic",
			"`repository.findAllBy(pageable)` then `repository.count()`, no transaction", "/repository"),

	PAGE_OPERATOR(Scenario.S4, "TransactionalOperator",
			"`template.select(...)` then `template.count(...)` in `TransactionalOperator`", "/operator"),

	PAGE_SESSION(Scenario.S4, "starter", "`OffsetPaginationMixin.selectPage()`", "/session"),

	INSERT_REPOSITORY(Scenario.S3, "idiomatic", "`repository.save(item)`, no transaction", "/repository"),

	INSERT_OPERATOR(Scenario.S3, "TransactionalOperator", "`template.insert(item)` in `TransactionalOperator`",
			"/operator"),

	INSERT_SESSION(Scenario.S3, "starter", "`session.add(item)` then `session.commit()`", "/session");

	private final Scenario scenario;

	private final String side;

	private final String code;

	private final String prefix;

	FieldRoute(Scenario scenario, String side, String code, String prefix) {
		this.scenario = scenario;
		this.side = side;
		this.code = code;
		this.prefix = prefix;
	}

	/**
	 * Return the routes of a workload, the idiomatic one first.
	 */
	static List<FieldRoute> of(Scenario scenario) {
		return Arrays.stream(values()).filter((route) -> route.scenario == scenario).toList();
	}

	Scenario scenario() {
		return this.scenario;
	}

	/**
	 * Return who writes the code this way: {@code idiomatic}, {@code starter}...
	 */
	String side() {
		return this.side;
	}

	/**
	 * Return the code of the route, as Markdown.
	 */
	String code() {
		return this.code;
	}

	/**
	 * Return whether the route is the idiomatic Spring Data one, the others' reference.
	 */
	boolean idiomatic() {
		return this.prefix.equals("/repository");
	}

	/**
	 * Return the n-th request: the benchmark scenario's (same ids, bodies and pages), on this
	 * route's path, {@code /s2/items/7} becoming {@code /session/items/7}.
	 */
	Scenario.Request request(long n) {
		Scenario.Request request = this.scenario.request(n);
		String path = this.prefix + request.path().substring(request.path().indexOf('/', 1));
		return new Scenario.Request(request.method(), path, request.body());
	}

	@Override
	public String toString() {
		return this.scenario.title() + ", " + this.side;
	}

}
