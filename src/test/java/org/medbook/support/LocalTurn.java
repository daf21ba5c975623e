package org.medbook.support;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Debian's coturn as the TURN service of the browser tests: on a free port of 127.0.0.1, in the TURN
 * REST API mode ({@code use-auth-secret}) with the secret the application is configured with. It is
 * started by the first test that needs it and stopped when the JVM ends; a test may stop it and start
 * it again on the same port, to take the relay path away for a while.
 */
public final class LocalTurn {

    public static final String SECRET = "medbook-test-turn-secret-" + UUID.randomUUID();
    public static final int PORT = freeTcpAndUdpPort();
    public static final Path BINARY = Path.of("/usr/bin/turnserver");

    private static Process process;
    private static boolean stopsWithTheJvm;

    private LocalTurn() {
    }

    public static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    /** Starts coturn unless it runs already, and waits until it listens. */
    public static synchronized void start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            return;
        }
        Path log = Files.createTempFile("medbook-turn", ".log");
        process = new ProcessBuilder(List.of(BINARY.toString(), "-n", "--listening-ip=127.0.0.1",
                "--relay-ip=127.0.0.1", "--listening-port=" + PORT, "--min-port=49160", "--max-port=49999",
                "--use-auth-secret", "--static-auth-secret=" + SECRET, "--realm=medbook.test", "--no-tls", "--no-dtls",
                "--allow-loopback-peers", "--no-cli", "--no-tcp-relay", "--log-file=stdout", "--simple-log"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!stopsWithTheJvm) {
            stopsWithTheJvm = true;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                if (process != null) {
                    process.destroy();
                }
            }));
        }
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("coturn stopped at once: " + Files.readString(log));
            }
            try (java.net.Socket socket = new java.net.Socket(InetAddress.getLoopbackAddress(), PORT)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("coturn did not listen on 127.0.0.1:" + PORT + ": " + Files.readString(log));
    }

    /** Stops coturn (its relays with it), as a TURN service that goes away would; {@link #start()} brings it back. */
    public static synchronized void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    private static int freeTcpAndUdpPort() {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                 DatagramSocket udp = new DatagramSocket(tcp.getLocalPort(), InetAddress.getLoopbackAddress())) {
                return tcp.getLocalPort();
            } catch (IOException taken) {
                // the UDP side of that port is in use: try another
            }
        }
        throw new IllegalStateException("No free port for the TURN service");
    }
}
