package io.github.reactivesessions.sample.faults;

import java.util.ArrayList;
import java.util.List;

/**
 * CPU-bound threads beside the application, as on a busy production host: races between
 * the threads of a request (the client's reset on the HTTP event loop, the database's reply
 * on the driver's) show under contention that a quiet machine hides. The leak this project
 * met under client resets showed in 14 of 18 storms with three such processes beside the
 * application on two cores, and in none on a quiet machine.
 */
final class CpuLoad implements AutoCloseable {

	private final List<Thread> threads = new ArrayList<>();

	private volatile boolean running = true;

	// Written by the spinning threads so that the JIT cannot drop their work.
	@SuppressWarnings("unused")
	private volatile double sink;

	private CpuLoad(int threads) {
		for (int i = 0; i < threads; i++) {
			Thread thread = new Thread(this::spin, "cpu-load-" + i);
			thread.setDaemon(true);
			this.threads.add(thread);
			thread.start();
		}
	}

	/**
	 * Start one spinning thread per core, plus one.
	 */
	static CpuLoad start() {
		return new CpuLoad(Runtime.getRuntime().availableProcessors() + 1);
	}

	private void spin() {
		double value = 1;
		while (this.running) {
			for (int i = 0; i < 100_000; i++) {
				value = Math.sqrt(value + i);
			}
			this.sink = value;
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.running = false;
		for (Thread thread : this.threads) {
			thread.join();
		}
	}

}
