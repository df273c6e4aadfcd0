package io.github.reactivesessions.benchmarks;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import reactor.netty.resources.LoopResources;

/**
 * Runs one scenario on one database: starts both applications, checks that they answer in
 * the same JSON shape, warms them up in alternating slices until neither speeds up any more
 * (see {@link WarmUp}), then runs measured rounds alternately, in the order
 * first/second then second/first, so that neither side always runs first. Which side
 * starts and warms up first is {@link BenchmarkOptions#firstSide()}.
 */
final class ScenarioRunner {

	private final BenchmarkOptions options;

	private final Map<Side, ClassLoader> classLoaders;

	private final LoopResources clientLoops;

	private final PrintStream out;

	ScenarioRunner(BenchmarkOptions options, Map<Side, ClassLoader> classLoaders, LoopResources clientLoops,
			PrintStream out) {
		this.options = options;
		this.classLoaders = classLoaders;
		this.clientLoops = clientLoops;
		this.out = out;
	}

	ScenarioResult run(Scenario scenario, BenchDatabase database) {
		database.reset();
		String name = scenario + " " + database.name();
		List<Side> order = this.options.sideOrder();
		try (ServerApp firstApp = start(order.get(0), scenario, database);
				ServerApp secondApp = start(order.get(1), scenario, database);
				LoadGenerator firstLoad = load(scenario, firstApp);
				LoadGenerator secondLoad = load(scenario, secondApp)) {
			ServerApp starter = (firstApp.side() == Side.STARTER) ? firstApp : secondApp;
			Map<Side, LoadGenerator> loads = new EnumMap<>(Map.of(order.get(0), firstLoad, order.get(1), secondLoad));
			JsonShape.requireSame(scenario, loads.get(Side.STARTER).sample(), loads.get(Side.HAND_WRITTEN).sample());
			Map<Side, List<RoundResult>> warmups = new EnumMap<>(Side.class);
			Map<Side, List<RoundResult>> rounds = new EnumMap<>(Side.class);
			for (Side side : Side.values()) {
				warmups.put(side, new ArrayList<>());
				rounds.put(side, new ArrayList<>());
			}
			// Slices alternate between the sides: with classes shared by both sides
			// (isolation=none), load on one side makes the JIT recompile what it had
			// compiled for the other, and warmed up one after the other, the first measured
			// rounds ran at a third of their later speed.
			Duration slice = this.options.warmup().dividedBy(WarmUp.MIN_SLICES);
			while (!slice.isZero() && (WarmUp.needsAnotherSlice(warmups.get(Side.STARTER))
					|| WarmUp.needsAnotherSlice(warmups.get(Side.HAND_WRITTEN)))) {
				for (Side side : order) {
					warmups.get(side).add(round(loads.get(side), slice));
				}
			}
			this.out.printf("  %s warm-up: %d slices of %s per side%n", name, warmups.get(Side.STARTER).size(),
					BenchmarkOptions.text(slice));
			List<Double> ratios = new ArrayList<>();
			for (int i = 0; i < this.options.rounds(); i++) {
				Side first = order.get(i % 2);
				Side second = first.other();
				RoundResult firstResult = round(loads.get(first), this.options.duration());
				RoundResult secondResult = round(loads.get(second), this.options.duration());
				rounds.get(first).add(firstResult);
				rounds.get(second).add(secondResult);
				RoundResult starterRound = (first == Side.STARTER) ? firstResult : secondResult;
				RoundResult handWrittenRound = (first == Side.STARTER) ? secondResult : firstResult;
				double ratio = starterRound.throughput() / handWrittenRound.throughput();
				ratios.add(ratio);
				this.out.printf("  %s round %d/%d: starter %,.0f req/s, hand-written %,.0f req/s, ratio %.3f%n", name,
						i + 1, this.options.rounds(), starterRound.throughput(), handWrittenRound.throughput(), ratio);
			}
			List<RoundResult> all = new ArrayList<>();
			warmups.values().forEach(all::addAll);
			rounds.values().forEach(all::addAll);
			long failures = all.stream().mapToLong(RoundResult::failures).sum();
			List<RoundResult> starterRounds = new ArrayList<>(rounds.get(Side.STARTER));
			starterRounds.addAll(warmups.get(Side.STARTER));
			// The shape check sent one request more.
			long starterRequests = 1 + starterRounds.stream().mapToLong(RoundResult::requests).sum();
			return ScenarioResult.ofFork(scenario, database.name(), SideSummary.of(rounds.get(Side.STARTER)),
					SideSummary.of(rounds.get(Side.HAND_WRITTEN)), ratios, starter.acquisitions(), starterRequests,
					failures, SideSummary.firstFailure(all));
		}
	}

	private ServerApp start(Side side, Scenario scenario, BenchDatabase database) {
		return ServerApp.start(side, this.classLoaders.get(side), scenario, database, this.options);
	}

	private LoadGenerator load(Scenario scenario, ServerApp app) {
		return new LoadGenerator(scenario, app.port(), this.options.concurrency(), this.clientLoops);
	}

	/**
	 * A round that starts on a collected heap, so that one side's garbage is not collected
	 * during the other side's round.
	 */
	private RoundResult round(LoadGenerator load, Duration duration) {
		System.gc();
		return load.run(duration);
	}

}
