package io.github.reactivesessions.faulttest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of a database server that, once armed, lets the next {@code COMMIT}
 * through to the server and then cuts the client's connection before the server's reply
 * can reach it: the network failing while a commit is on its way, after which the client
 * cannot know whether the transaction committed. Both PostgreSQL (a simple query) and
 * MySQL (a {@code COM_QUERY}) send the statement as plain text, which the proxy looks for.
 */
final class CommitCuttingProxy implements AutoCloseable {

	private static final byte[] COMMIT = "COMMIT".getBytes(StandardCharsets.US_ASCII);

	private final ServerSocket server;

	private final String targetHost;

	private final int targetPort;

	private final AtomicBoolean armed = new AtomicBoolean();

	private final AtomicInteger cut = new AtomicInteger();

	private volatile boolean running = true;

	CommitCuttingProxy(String targetHost, int targetPort) throws IOException {
		this.targetHost = targetHost;
		this.targetPort = targetPort;
		this.server = new ServerSocket();
		this.server.bind(new InetSocketAddress("127.0.0.1", 0));
		Thread acceptor = new Thread(this::accept, "commit-cutting-proxy");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	int port() {
		return this.server.getLocalPort();
	}

	/**
	 * Cut the connection of the next COMMIT once it has reached the server.
	 */
	void arm() {
		this.armed.set(true);
	}

	/**
	 * How many commits had their connection cut.
	 */
	int cut() {
		return this.cut.get();
	}

	private void accept() {
		while (this.running) {
			try {
				Socket client = this.server.accept();
				Socket target = new Socket(this.targetHost, this.targetPort);
				AtomicBoolean cutting = new AtomicBoolean();
				start(() -> pump(client, target, true, cutting));
				start(() -> pump(target, client, false, cutting));
			}
			catch (IOException ex) {
				// Closed, or a connection that failed: the next one is served.
			}
		}
	}

	/**
	 * Copy what one side sends to the other. {@code cutting} is shared by the two pumps of a
	 * connection: once the client's COMMIT is seen, the server's reply is never copied, even
	 * when it comes back before the client's side is reset (on loopback it can arrive within
	 * microseconds, and a CI run once saw the client get it and answer 200).
	 */
	private void pump(Socket from, Socket to, boolean fromClient, AtomicBoolean cutting) {
		byte[] buffer = new byte[16384];
		try {
			InputStream in = from.getInputStream();
			OutputStream out = to.getOutputStream();
			int read;
			while ((read = in.read(buffer)) != -1) {
				if (!fromClient && cutting.get()) {
					break;
				}
				boolean commit = fromClient && contains(buffer, read, COMMIT) && this.armed.compareAndSet(true, false);
				if (commit) {
					cutting.set(true);
				}
				out.write(buffer, 0, read);
				out.flush();
				if (commit) {
					// The COMMIT is on its way to the server: reset the client's side before
					// the reply comes back, and leave the server's side open for a moment,
					// so that the server runs the COMMIT before it sees the connection go.
					this.cut.incrementAndGet();
					from.setSoLinger(true, 0);
					closeQuietly(from);
					sleep(1000);
					break;
				}
			}
		}
		catch (IOException ex) {
			// The other side went away.
		}
		closeQuietly(from);
		closeQuietly(to);
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// Closed already.
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static boolean contains(byte[] buffer, int length, byte[] word) {
		outer: for (int i = 0; i <= length - word.length; i++) {
			for (int j = 0; j < word.length; j++) {
				if (buffer[i + j] != word[j]) {
					continue outer;
				}
			}
			return true;
		}
		return false;
	}

	private static void start(Runnable pump) {
		Thread thread = new Thread(pump, "commit-cutting-proxy-pump");
		thread.setDaemon(true);
		thread.start();
	}

	@Override
	public void close() throws IOException {
		this.running = false;
		this.server.close();
	}

}
