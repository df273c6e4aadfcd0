package io.github.reactivesessions.benchmarks.app;

import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import reactor.core.scheduler.Schedulers;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.ClassUtils;

/**
 * One side's running application, as the harness sees it from another class loader.
 *
 * <p>Each side runs in a class loader of its own (so that its Spring, Reactor and Netty
 * classes are compiled by the JIT for that side alone), and the harness only knows the
 * types of {@code java.base}: this object is an {@link AutoCloseable} that stops the
 * application, an {@link IntSupplier} of its HTTP port and a {@link LongSupplier} of the
 * connections it has asked its pools for.
 */
public final class RunningApplication implements AutoCloseable, IntSupplier, LongSupplier {

	private final ConfigurableApplicationContext context;

	private RunningApplication(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/**
	 * Start an application with the class loader of this class.
	 * @param applicationClass name of the application's configuration class
	 * @param properties its properties
	 * @return the running application
	 * @throws ClassNotFoundException when the class is not on the class path
	 */
	public static RunningApplication start(String applicationClass, Map<String, Object> properties)
			throws ClassNotFoundException {
		ClassLoader classLoader = RunningApplication.class.getClassLoader();
		Class<?> application = ClassUtils.forName(applicationClass, classLoader);
		return withContextClassLoader(classLoader, () -> new RunningApplication(
				new SpringApplicationBuilder(application).web(WebApplicationType.REACTIVE).properties(properties).run()));
	}

	/**
	 * Stop the threads Reactor started for the applications of this class loader, before
	 * the class loader is closed.
	 */
	public static void shutdownSchedulers() {
		Schedulers.shutdownNow();
	}

	/**
	 * Return the application's HTTP port.
	 */
	@Override
	public int getAsInt() {
		return this.context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
	}

	/**
	 * Return how many connections the application has asked its pools for so far.
	 */
	@Override
	public long getAsLong() {
		return this.context.getBeansOfType(CountingConnectionFactory.class)
			.values()
			.stream()
			.mapToLong(CountingConnectionFactory::acquisitions)
			.sum();
	}

	/**
	 * Return the application's bean of the given type.
	 * @param <T> the bean's type
	 * @param type the bean's type, a class of this class loader
	 * @return the bean
	 */
	public <T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	@Override
	public void close() {
		withContextClassLoader(RunningApplication.class.getClassLoader(), () -> {
			this.context.close();
			return null;
		});
	}

	/**
	 * Spring Boot finds its auto-configurations and factories through the thread's context
	 * class loader, and the threads an application starts inherit it: it must be this
	 * side's while the application starts and stops.
	 */
	private static <T> T withContextClassLoader(ClassLoader classLoader, Supplier<T> action) {
		Thread thread = Thread.currentThread();
		ClassLoader previous = thread.getContextClassLoader();
		thread.setContextClassLoader(classLoader);
		try {
			return action.get();
		}
		finally {
			thread.setContextClassLoader(previous);
		}
	}

}
