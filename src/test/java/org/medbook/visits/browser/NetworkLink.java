package org.medbook.visits.browser;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One browser's network path to Medbook: a TCP relay on its own port of 127.0.0.1 that the browser opens
 * the visit page through (page, API and the {@code /ws} socket alike). {@link #cut()} drops every
 * connection at once, with a reset, and refuses new ones until {@link #restore()}, as a lost Wi-Fi would.
 */
final class NetworkLink implements AutoCloseable {

    private final ServerSocket server;
    private final int target;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private volatile boolean cut;

    NetworkLink(int target) throws IOException {
        this.target = target;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.submit(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    void cut() {
        cut = true;
        open.forEach(NetworkLink::reset);
    }

    void restore() {
        cut = false;
    }

    @Override
    public void close() throws IOException {
        cut();
        server.close();
        threads.shutdownNow();
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException closed) {
                return;
            }
            if (cut) {
                reset(client);
            } else {
                threads.submit(() -> relay(client));
            }
        }
    }

    private void relay(Socket client) {
        open.add(client);
        try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target)) {
            open.add(upstream);
            if (cut) {
                return;
            }
            threads.submit(() -> copy(client, upstream));
            copy(upstream, client);
        } catch (IOException refused) {
            // Medbook is gone or the link was cut while connecting: the browser sees the connection drop
        } finally {
            open.forEach(socket -> {
                if (socket == client || socket.isClosed()) {
                    open.remove(socket);
                }
            });
            reset(client);
        }
    }

    private static void copy(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException dropped) {
            // either side went away; closing both ends the other direction too
        } finally {
            reset(from);
            reset(to);
        }
    }

    /** Closes at once with a TCP reset, not an orderly goodbye: a dropped network says nothing either. */
    private static void reset(Socket socket) {
        try {
            if (!socket.isClosed()) {
                socket.setSoLinger(true, 0);
            }
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }
}
