import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An SMTP server for the load suite that accepts every message and keeps none: it answers
 * EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP and QUIT, reads each message up to its final dot and counts
 * it. Next to GreenMail (which parses and stores every message) it shows whether the sink or Medbook
 * limits the e-mails per second. Run as a single-file program:
 *
 * <pre>java load/SmtpSink.java 3025</pre>
 *
 * It prints the number of messages received every second while it changes.
 */
public class SmtpSink {

    private static final AtomicLong MESSAGES = new AtomicLong();
    private static final AtomicLong CONNECTIONS = new AtomicLong();

    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 3025;
        try (ServerSocket server = new ServerSocket(port, 512, InetAddress.getByName("127.0.0.1"))) {
            System.out.println("SMTP sink listening on 127.0.0.1:" + port);
            Thread reporter = new Thread(SmtpSink::report, "report");
            reporter.setDaemon(true);
            reporter.start();
            while (true) {
                Socket socket = server.accept();
                CONNECTIONS.incrementAndGet();
                Thread session = new Thread(() -> serve(socket), "smtp");
                session.setDaemon(true);
                session.start();
            }
        }
    }

    private static void report() {
        long last = -1;
        while (true) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            long now = MESSAGES.get();
            if (now != last) {
                System.out.println("received " + now + " messages over " + CONNECTIONS.get() + " connections");
                last = now;
            }
        }
    }

    private static void serve(Socket socket) {
        try (socket; InputStream in = new BufferedInputStream(socket.getInputStream(), 65536);
             OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 4096)) {
            socket.setTcpNoDelay(true);
            reply(out, "220 localhost SMTP sink ready");
            String line;
            while ((line = readLine(in)) != null) {
                String verb = (line.length() >= 4 ? line.substring(0, 4) : line).toUpperCase(Locale.ROOT);
                switch (verb) {
                    case "EHLO" -> reply(out, "250-localhost\r\n250-8BITMIME\r\n250-PIPELINING\r\n250 SIZE 52428800");
                    case "HELO" -> reply(out, "250 localhost");
                    case "MAIL", "RCPT", "RSET", "NOOP" -> reply(out, "250 OK");
                    case "DATA" -> {
                        reply(out, "354 End data with <CR><LF>.<CR><LF>");
                        if (!skipMessage(in)) {
                            return;
                        }
                        MESSAGES.incrementAndGet();
                        reply(out, "250 OK queued");
                    }
                    case "QUIT" -> {
                        reply(out, "221 Bye");
                        return;
                    }
                    default -> reply(out, "502 Command not implemented");
                }
            }
        } catch (IOException e) {
            // the client went away; nothing to keep
        }
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Reads up to the line holding a single dot; false when the connection ended first. */
    private static boolean skipMessage(InputStream in) throws IOException {
        String line;
        while ((line = readLine(in)) != null) {
            if (line.equals(".")) {
                return true;
            }
        }
        return false;
    }

    /** One line without its CRLF (or LF); null at the end of the stream. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }
}
