package io.github.reactivesessions.benchmarks;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;

import io.github.reactivesessions.benchmarks.app.RunningApplication;

/**
 * A class loader of one side's own, on the benchmark's class path: every class is loaded
 * again for that side, except the H2 engine, which both sides share so that they see the
 * same in-memory database.
 *
 * <p>Why: in one JVM the two applications otherwise run the same Spring, Reactor and Netty
 * methods, and the JIT compiles each method once, for the types it has seen at its call
 * sites. One side's load then reshapes the code the other side runs: in runs with shared
 * classes the no-database scenario, whose code is the same on both sides apart from the
 * starter's filter, measured anything from 0.70 to 1.18. Classes of one's own give each
 * side's Spring, Reactor, Netty and driver code its own profile and compiled code, while
 * the rounds still share the machine's load. The JDK's classes (collections, concurrency),
 * the H2 engine, the heap and the JIT's threads are still shared.
 */
final class SideClassLoader extends URLClassLoader {

	/**
	 * Packages both sides share with the harness: the embedded database engine.
	 */
	private static final String SHARED_PACKAGE = "org.h2.";

	static {
		registerAsParallelCapable();
	}

	private final ClassLoader shared;

	/**
	 * Create a side's class loader.
	 * @throws IllegalStateException when the benchmark's classes are not on
	 * {@code java.class.path} (started from a fat jar, say)
	 */
	SideClassLoader(String name, ClassLoader shared) {
		super(name, classPath(), ClassLoader.getPlatformClassLoader());
		this.shared = shared;
		if (findResource(RunningApplication.class.getName().replace('.', '/') + ".class") == null) {
			throw new IllegalStateException("The benchmark's classes are not on java.class.path ("
					+ System.getProperty("java.class.path") + "): start it with -classpath, or use --isolation=none");
		}
	}

	@Override
	protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
		if (name.startsWith(SHARED_PACKAGE)) {
			return this.shared.loadClass(name);
		}
		return super.loadClass(name, resolve);
	}

	/**
	 * Stop the threads the side's Reactor started, then close the class loader.
	 */
	@Override
	public void close() throws IOException {
		try {
			loadClass(RunningApplication.class.getName()).getMethod("shutdownSchedulers").invoke(null);
		}
		catch (ReflectiveOperationException ex) {
			throw new IOException("Cannot stop the threads of the " + getName() + " side", ex);
		}
		finally {
			super.close();
		}
	}

	private static URL[] classPath() {
		List<URL> urls = new ArrayList<>();
		for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
			if (!entry.isEmpty()) {
				try {
					urls.add(new File(entry).toURI().toURL());
				}
				catch (MalformedURLException ex) {
					throw new UncheckedIOException(new IOException("Bad class path entry '" + entry + "'", ex));
				}
			}
		}
		return urls.toArray(URL[]::new);
	}

}
