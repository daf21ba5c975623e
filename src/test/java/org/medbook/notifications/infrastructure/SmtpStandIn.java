package org.medbook.notifications.infrastructure;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small SMTP server for tests that need what GreenMail does not do: refuse chosen recipients with a
 * chosen reply (550 for good, 451 for now, 421 closing the connection as RFC 5321 lets a server do), count
 * connections and list the commands it was sent. It speaks enough of RFC 5321 for JavaMail: EHLO, MAIL,
 * RCPT, DATA, RSET, NOOP, QUIT.
 */
final class SmtpStandIn implements AutoCloseable {

    private final ServerSocket server;
    private final Map<String, String> refusals;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<String> delivered = Collections.synchronizedList(new ArrayList<>());
    private final List<String> messages = Collections.synchronizedList(new ArrayList<>());
    private final List<String> commands = Collections.synchronizedList(new ArrayList<>());

    /** @param refusals recipient address -> the reply to its RCPT TO, e.g. "550 5.1.1 no such user" */
    SmtpStandIn(Map<String, String> refusals) throws IOException {
        this.refusals = refusals;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    int connections() {
        return connections.get();
    }

    /** Recipients of the messages accepted, in order. */
    List<String> delivered() {
        return List.copyOf(delivered);
    }

    /** The verbs of every command received, in order (EHLO, MAIL, RCPT, DATA, NOOP, QUIT ...). */
    List<String> commands() {
        return List.copyOf(commands);
    }

    /** The raw messages accepted (headers and body as sent). */
    List<String> messages() {
        return List.copyOf(messages);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.incrementAndGet();
                Thread.ofVirtual().start(() -> serve(socket));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket; BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
             OutputStream out = socket.getOutputStream()) {
            reply(out, "220 stand-in ESMTP");
            List<String> recipients = new ArrayList<>();
            String line;
            while ((line = in.readLine()) != null) {
                String command = line.length() < 4 ? line.toUpperCase() : line.substring(0, 4).toUpperCase();
                commands.add(command);
                switch (command) {
                    case "EHLO", "HELO" -> reply(out, "250-stand-in\r\n250 8BITMIME");
                    case "MAIL" -> {
                        recipients.clear();
                        reply(out, "250 2.1.0 OK");
                    }
                    case "RCPT" -> {
                        String address = line.substring(line.indexOf('<') + 1, line.indexOf('>'));
                        String refusal = refusals.get(address);
                        if (refusal == null) {
                            recipients.add(address);
                            reply(out, "250 2.1.5 OK");
                        } else {
                            reply(out, refusal);
                            if (refusal.startsWith("421")) {
                                return;
                            }
                        }
                    }
                    case "DATA" -> {
                        reply(out, "354 go ahead");
                        StringBuilder message = new StringBuilder();
                        String data;
                        while ((data = in.readLine()) != null && !data.equals(".")) {
                            message.append(data.startsWith("..") ? data.substring(1) : data).append("\r\n");
                        }
                        messages.add(message.toString());
                        delivered.addAll(recipients);
                        reply(out, "250 2.0.0 queued");
                    }
                    case "RSET", "NOOP" -> reply(out, "250 2.0.0 OK");
                    case "QUIT" -> {
                        reply(out, "221 2.0.0 bye");
                        return;
                    }
                    default -> reply(out, "500 5.5.1 unknown command");
                }
            }
        } catch (IOException | RuntimeException gone) {
            // the client went away
        }
    }

    private static void reply(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
