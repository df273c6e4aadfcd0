package io.github.reactivesessions.sample.faults;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * An HTTP/1.1 client on raw sockets that ends its connections the way killed browser tabs,
 * load balancer timeouts and mobile clients do: with a TCP reset (an abortive close,
 * {@code SO_LINGER 0}), at a chosen point of the exchange. WebClient and curl close in
 * order, which the server sees differently.
 */
final class ResettingClient {

	private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

	private final int port;

	ResettingClient(int port) {
		this.port = port;
	}

	/**
	 * Send a request and end the connection at the given point.
	 * @param request the whole request, head and body
	 * @param point where the connection is reset
	 * @param delay how long to wait before resetting, after sending ({@link ResetPoint#AFTER_SENDING})
	 * @return the status the client saw: {@code "reset"} when it reset before the status
	 * line, {@code "timeout"} when the server did not answer within 30 s
	 */
	String send(String request, ResetPoint point, Duration delay) {
		byte[] bytes = request.getBytes(StandardCharsets.UTF_8);
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 5000);
			socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
			// Closing sends RST instead of FIN, whatever the state of the exchange.
			socket.setSoLinger(true, 0);
			OutputStream out = socket.getOutputStream();
			InputStream in = socket.getInputStream();
			switch (point) {
				case WHILE_SENDING -> {
					out.write(bytes, 0, Math.max(1, bytes.length / 2));
					out.flush();
					return "reset";
				}
				case AFTER_SENDING -> {
					out.write(bytes);
					out.flush();
					Thread.sleep(delay.toMillis());
					return "reset";
				}
				case AFTER_RESPONSE_STARTS -> {
					out.write(bytes);
					out.flush();
					return statusOf(readStatusLine(in));
				}
				default -> {
					out.write(bytes);
					out.flush();
					String status = statusOf(readStatusLine(in));
					in.readAllBytes();
					return status;
				}
			}
		}
		catch (SocketTimeoutException ex) {
			return "timeout";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "interrupted";
		}
		catch (IOException ex) {
			// The server reset or closed first (it may refuse a half-sent request).
			return "closed by server";
		}
	}

	private static String readStatusLine(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int next;
		while ((next = in.read()) != -1 && next != '\n') {
			line.write(next);
		}
		return line.toString(StandardCharsets.US_ASCII);
	}

	private static String statusOf(String statusLine) {
		String[] parts = statusLine.split(" ");
		return (parts.length > 1) ? parts[1] : "no status line";
	}

	/**
	 * Where in the exchange the client resets the connection.
	 */
	enum ResetPoint {

		/**
		 * Half of the request sent: the server never has a whole request.
		 */
		WHILE_SENDING,

		/**
		 * The request sent, then a wait of a few milliseconds: mostly while the handler runs.
		 */
		AFTER_SENDING,

		/**
		 * Once the status line arrived: the response has started, its body may still be on
		 * its way.
		 */
		AFTER_RESPONSE_STARTS,

		/**
		 * Never: the whole response is read, and the server closes the connection.
		 */
		NEVER

	}

}
