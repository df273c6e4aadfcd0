package io.github.reactivesessions.benchmarks;

import java.lang.reflect.InvocationTargetException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

import io.github.reactivesessions.benchmarks.app.RunningApplication;

/**
 * One side's application, started in this JVM on a random port of the loopback address,
 * with the side's class loader (see {@link RunningApplication}).
 */
final class ServerApp implements AutoCloseable {

	private final Side side;

	private final AutoCloseable application;

	private final LongSupplier acquisitions;

	private final int port;

	private ServerApp(Side side, Object application) {
		this.side = side;
		// A RunningApplication, seen through java.base types: its class may be another
		// class loader's.
		this.application = (AutoCloseable) application;
		this.acquisitions = (LongSupplier) application;
		this.port = ((IntSupplier) application).getAsInt();
	}

	static ServerApp start(Side side, ClassLoader classLoader, Scenario scenario, BenchDatabase database,
			BenchmarkOptions options) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("server.address", "127.0.0.1");
		properties.put("server.port", "0");
		properties.put("spring.main.banner-mode", "off");
		properties.put("spring.main.log-startup-info", "false");
		properties.put("spring.main.register-shutdown-hook", "false");
		properties.put("spring.application.name", side.label() + "-" + scenario + "-" + database.name());
		properties.put("bench.url", database.url());
		properties.put("bench.pool-size", String.valueOf(options.poolSize()));
		properties.putAll(side.properties(scenario, options.calibrate()));
		Object application;
		try {
			application = classLoader.loadClass(RunningApplication.class.getName())
				.getMethod("start", String.class, Map.class)
				.invoke(null, side.application(options.calibrate()).getName(), properties);
		}
		catch (InvocationTargetException ex) {
			throw new IllegalStateException("The " + side.label() + " application did not start", ex.getCause());
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Cannot start the " + side.label() + " application", ex);
		}
		try {
			return new ServerApp(side, application);
		}
		catch (RuntimeException ex) {
			close(side, (AutoCloseable) application);
			throw ex;
		}
	}

	Side side() {
		return this.side;
	}

	int port() {
		return this.port;
	}

	/**
	 * Return the side's {@code RunningApplication}, an object of the side's class loader.
	 */
	Object application() {
		return this.application;
	}

	/**
	 * Return how many connections the application has asked its pools for so far.
	 */
	long acquisitions() {
		return this.acquisitions.getAsLong();
	}

	@Override
	public void close() {
		close(this.side, this.application);
	}

	private static void close(Side side, AutoCloseable application) {
		try {
			application.close();
		}
		catch (Exception ex) {
			throw new IllegalStateException("The " + side.label() + " application did not stop", ex);
		}
	}

}
