package io.github.reactivesessions.sample.faults;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 on a raw socket, so that a request can be exactly as malformed as a client can
 * make it (escapes, bytes and headers that HTTP client libraries refuse to send), and its
 * response read as the server wrote it.
 */
final class RawHttp {

	private final int port;

	RawHttp(int port) {
		this.port = port;
	}

	/**
	 * Send a request whose head is given as text (without the final empty line) and whose
	 * body as bytes, with {@code Connection: close} and its {@code Content-Length} added
	 * unless the head has one.
	 */
	Response exchange(String head, byte[] body) {
		StringBuilder request = new StringBuilder(head);
		if (!head.toLowerCase().contains("\r\ncontent-length:") && !head.toLowerCase().contains("transfer-encoding")) {
			request.append("\r\nContent-Length: ").append(body.length);
		}
		request.append("\r\nConnection: close\r\n\r\n");
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 5000);
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
			out.write(body);
			out.flush();
			return Response.parse(readAll(socket.getInputStream()));
		}
		catch (SocketTimeoutException ex) {
			return new Response(-1, "no answer within 30 s", "");
		}
		catch (IOException ex) {
			return new Response(-2, "connection failed: " + ex.getMessage(), "");
		}
	}

	private static byte[] readAll(InputStream in) throws IOException {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		int read;
		try {
			while ((read = in.read(buffer)) != -1) {
				all.write(buffer, 0, read);
			}
		}
		catch (IOException ex) {
			// Reset after the response, as a server may do after refusing a request.
			if (all.size() == 0) {
				throw ex;
			}
		}
		return all.toByteArray();
	}

	/**
	 * A response: its status ({@code -1} for none within the timeout, {@code -2} for a
	 * connection that failed, {@code 0} for a connection closed without a status line), its
	 * head and its body.
	 */
	record Response(int status, String head, String body) {

		static Response parse(byte[] bytes) {
			String text = new String(bytes, StandardCharsets.UTF_8);
			int end = text.indexOf("\r\n\r\n");
			String head = (end >= 0) ? text.substring(0, end) : text;
			String body = (end >= 0) ? text.substring(end + 4) : "";
			String[] statusLine = head.split("\r\n", 2)[0].split(" ");
			int status = (statusLine.length > 1 && statusLine[0].startsWith("HTTP/")) ? parseStatus(statusLine[1]) : 0;
			return new Response(status, head, body);
		}

		private static int parseStatus(String status) {
			try {
				return Integer.parseInt(status);
			}
			catch (NumberFormatException ex) {
				return 0;
			}
		}

		String header(String name) {
			for (String line : this.head.split("\r\n")) {
				int colon = line.indexOf(':');
				if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
					return line.substring(colon + 1).trim();
				}
			}
			return null;
		}

	}

}
