package io.github.reactivesessions.faulttest;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * A port whose connection attempts get no answer, as a host behind a firewall that drops
 * packets: a listening socket that never accepts, whose backlog is filled by connections
 * of its own, after which the kernel drops every further SYN (Linux does, unless
 * {@code net.ipv4.tcp_abort_on_overflow} is set). A connect to it waits until its own
 * timeout, where a closed port would refuse at once.
 */
final class DroppingListener implements AutoCloseable {

	private final ServerSocket server;

	private final List<Socket> fillers = new ArrayList<>();

	DroppingListener() throws IOException {
		this.server = new ServerSocket();
		this.server.bind(new InetSocketAddress("127.0.0.1", 0), 1);
		for (int i = 0; i < 8; i++) {
			Socket filler = new Socket();
			try {
				filler.connect(this.server.getLocalSocketAddress(), 300);
				this.fillers.add(filler);
			}
			catch (SocketTimeoutException ex) {
				filler.close();
				return;
			}
		}
		close();
		throw new IllegalStateException("The kernel kept accepting connections to a full backlog: "
				+ "net.ipv4.tcp_abort_on_overflow may be set, so dropped packets cannot be simulated here");
	}

	int port() {
		return this.server.getLocalPort();
	}

	@Override
	public void close() throws IOException {
		for (Socket filler : this.fillers) {
			filler.close();
		}
		this.server.close();
	}

}
