package org.medbook.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * The chat load: {@code sockets} authenticated STOMP connections held on one node (a patient and a
 * doctor per seeded conversation, each subscribed to {@code /user/queue/messages} and
 * {@code /user/queue/errors}), then one-to-one messages at a constant {@code rate} for
 * {@code seconds}, each sent as a STOMP SEND over its sender's socket and timed from the moment it
 * was due (not when the generator got round to it, so a late generator shows as latency) until the
 * other participant's socket received its push. A plain Java driver over the JDK's WebSocket client
 * rather than Gatling: it holds ten thousand sockets in a few threads and times a message from one
 * socket to another.
 * <p>
 * Prints {@code CHAT ...} lines: connections held (by the driver and as the server counts them),
 * the server's heap (used, and live after a full GC when {@code serverPid} is given), and the
 * delivery figures. Settings are system properties {@code medbook.load.*}: wsUrl, jdbcUrl,
 * metricsUrl, serverPid, sockets, rate, seconds, connectRate, drainSeconds, histogramFile and heapDumpFile
 * (the server's live objects while it holds every socket, taken with jcmd).
 */
public final class ChatLoad {

    private static final String WS_URL = System.getProperty("medbook.load.wsUrl", "ws://127.0.0.1:8091/ws");
    private static final String METRICS_URL = System.getProperty("medbook.load.metricsUrl", "");
    private static final String SERVER_PID = System.getProperty("medbook.load.serverPid", "");
    private static final int SOCKETS = Integer.getInteger("medbook.load.sockets", 1000);
    private static final int RATE = Integer.getInteger("medbook.load.rate", 200);
    private static final int SECONDS = Integer.getInteger("medbook.load.seconds", 20);
    private static final int CONNECT_RATE = Integer.getInteger("medbook.load.connectRate", 500);
    private static final int DRAIN_SECONDS = Integer.getInteger("medbook.load.drainSeconds", 10);
    /** Where to write the server's class histogram (live objects) while it holds every socket; blank for none. */
    private static final String HISTOGRAM_FILE = System.getProperty("medbook.load.histogramFile", "");
    /** Where to write a heap dump of the server (live objects) while it holds every socket; blank for none. */
    private static final String HEAP_DUMP_FILE = System.getProperty("medbook.load.heapDumpFile", "");
    private static final int CONNECTING_AT_ONCE = 200;

    private static final long START = System.nanoTime();
    /** Tells this run's messages from an earlier run's that a backlogged server pushes late. */
    private static final String RUN = Long.toString(ProcessHandle.current().pid());
    private static final String MARK = "\"clientMessageId\":\"m" + RUN + "-";

    private record Conversation(UUID id, UUID patient, UUID doctor) {
    }

    private ChatLoad() {
    }

    public static void main(String[] args) throws Exception {
        List<Conversation> conversations = conversations(SOCKETS / 2);
        int total = RATE * SECONDS;
        Deliveries deliveries = new Deliveries(total);
        ExecutorService io = Executors.newFixedThreadPool(4);
        HttpClient http = HttpClient.newBuilder().executor(io).connectTimeout(Duration.ofSeconds(30)).build();

        log("signing %d tokens", conversations.size() * 2);
        Map<UUID, String> tokens = new ConcurrentHashMap<>();
        conversations.parallelStream().forEach(c -> {
            tokens.put(c.patient(), LoadTokens.user(c.patient(), "PATIENT"));
            tokens.put(c.doctor(), LoadTokens.user(c.doctor(), "DOCTOR"));
        });

        Socket[][] pairs = new Socket[conversations.size()][2];
        long connectStarted = System.nanoTime();
        CountDownLatch settled = new CountDownLatch(conversations.size() * 2);
        Semaphore connecting = new Semaphore(CONNECTING_AT_ONCE);
        long every = 1_000_000_000L / CONNECT_RATE;
        for (int i = 0; i < conversations.size(); i++) {
            Conversation c = conversations.get(i);
            for (int side = 0; side < 2; side++) {
                UUID user = side == 0 ? c.patient() : c.doctor();
                connecting.acquire();
                parkUntil(connectStarted + ((long) i * 2 + side) * every);
                Socket socket = new Socket(user, deliveries);
                pairs[i][side] = socket;
                socket.open(http, tokens.get(user)).whenComplete((ok, failure) -> {
                    connecting.release();
                    settled.countDown();
                });
            }
        }
        settled.await(10, TimeUnit.MINUTES);
        int held = Socket.ready.get();
        double connectSeconds = (System.nanoTime() - connectStarted) / 1e9;
        log("connections held: %d of %d, in %.1f s (%d refused or failed%s)", held, SOCKETS, connectSeconds,
                Socket.failed.get(), Socket.firstFailure == null ? "" : "; first: " + Socket.firstFailure);
        Thread.sleep(2_000);
        String heapHolding = heap();
        String serverSessions = metric("medbook_realtime_sessions");
        String liveHolding = liveHeapAfterGc();
        writeHistogram();
        System.out.printf(Locale.ROOT, "CHAT CONNECTIONS held=%d wanted=%d failed=%d server_sessions=%s connect_s=%.1f%n",
                held, SOCKETS, Socket.failed.get(), serverSessions, connectSeconds);
        System.out.printf(Locale.ROOT, "CHAT HEAP holding %s%s%n", heapHolding, liveHolding);
        HeapPeak sendingPeak = HeapPeak.start();

        log("sending %d messages/s for %d s over %d conversations", RATE, SECONDS, conversations.size());
        long nanosPerMessage = 1_000_000_000L / RATE;
        long sendStarted = System.nanoTime() + 100_000_000L;
        parkUntil(sendStarted);
        CpuTicks cpuAtStart = CpuTicks.now();
        long maxLateNanos = 0;
        int sent = 0;
        for (int k = 0; k < total; k++) {
            long due = sendStarted + k * nanosPerMessage;
            parkUntil(due);
            maxLateNanos = Math.max(maxLateNanos, System.nanoTime() - due);
            int pair = k % pairs.length;
            // patient and doctor take turns in each conversation
            int side = (k / pairs.length) % 2;
            Socket from = pairs[pair][side];
            if (from.isReady()) {
                from.send(conversations.get(pair).id(), k, due);
                sent++;
            }
        }
        long sendEnded = System.nanoTime();
        long drainUntil = sendEnded + DRAIN_SECONDS * 1_000_000_000L;
        while (deliveries.delivered.get() < sent && System.nanoTime() < drainUntil) {
            Thread.sleep(50);
        }
        CpuTicks cpuUsed = CpuTicks.now().minus(cpuAtStart);
        double sendSeconds = (sendEnded - sendStarted) / 1e9;
        System.out.printf(Locale.ROOT, "CHAT HEAP sending max_used_mib=%s%n", sendingPeak.stop());
        String heapAfter = heap();
        String liveAfterGc = liveHeapAfterGc();
        System.out.printf(Locale.ROOT, "CHAT HEAP after_run %s%s%n", heapAfter, liveAfterGc);
        System.out.println(deliveries.report(sent, sendSeconds, maxLateNanos, Socket.ready.get(), Socket.errors.get(),
                Socket.firstError));
        System.out.println(cpuUsed.report(deliveries.delivered.get()));
        System.exit(0);
    }

    /** The first {@code count} seeded conversations (load/chat-load.sh inserts them). */
    private static List<Conversation> conversations(int count) {
        List<Conversation> found = new ArrayList<>();
        try (Connection db = DriverManager.getConnection(LoadPatients.JDBC_URL, "postgres", "");
             PreparedStatement query = db.prepareStatement("""
                     SELECT c.id, c.patient_id, c.doctor_id
                     FROM generate_series(1, ?) AS i
                     JOIN medbook.conversations c ON c.id = md5('load-chat-conversation-' || i)::uuid
                     ORDER BY i""")) {
            query.setInt(1, count);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    found.add(new Conversation(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                            rs.getObject(3, UUID.class)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the seeded conversations from " + LoadPatients.JDBC_URL, e);
        }
        if (found.size() < count) {
            throw new IllegalStateException("Only " + found.size() + " of " + count
                    + " seeded conversations: run load/chat-load.sh, which inserts them");
        }
        return found;
    }

    private static void parkUntil(long nanoTime) {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }

    private static void log(String format, Object... args) {
        System.err.printf(Locale.ROOT, "[chat-load %6.1fs] %s%n", (System.nanoTime() - START) / 1e9,
                String.format(Locale.ROOT, format, args));
    }

    /** "used=<MiB>" of the server's heap pools from its metrics, or "used=-". */
    private static String heap() {
        double bytes = heapUsedBytes();
        return bytes >= 0 ? String.format(Locale.ROOT, "used_mib=%.0f", bytes / 1048576) : "used_mib=-";
    }

    /** The server's heap in use (all heap pools) from its metrics, or -1 when they cannot be read. */
    private static double heapUsedBytes() {
        String metrics = fetchMetrics();
        double bytes = 0;
        boolean found = false;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                bytes += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                found = true;
            }
        }
        return found ? bytes : -1;
    }

    /** The highest heap use the server's metrics show, read every 500 ms while messages are sent. */
    private static final class HeapPeak {

        private final AtomicLong maxBytes = new AtomicLong(-1);
        private volatile boolean running = true;
        private Thread sampler;

        static HeapPeak start() {
            HeapPeak peak = new HeapPeak();
            peak.sampler = Thread.ofPlatform().daemon().name("heap-peak").start(() -> {
                while (peak.running) {
                    peak.maxBytes.accumulateAndGet((long) heapUsedBytes(), Math::max);
                    LockSupport.parkNanos(500_000_000L);
                }
            });
            return peak;
        }

        String stop() throws InterruptedException {
            running = false;
            sampler.join();
            maxBytes.accumulateAndGet((long) heapUsedBytes(), Math::max);
            return maxBytes.get() < 0 ? "-" : Long.toString(maxBytes.get() / 1048576);
        }
    }

    private static String metric(String name) {
        for (String line : fetchMetrics().split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return String.format(Locale.ROOT, "%.0f", Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
            }
        }
        return "-";
    }

    private static String fetchMetrics() {
        if (METRICS_URL.isBlank()) {
            return "";
        }
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(METRICS_URL)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return "";
        }
    }

    /** The server's live heap after a full collection (jcmd GC.run, then GC.heap_info), when its pid is known. */
    private static String liveHeapAfterGc() {
        if (SERVER_PID.isBlank()) {
            return "";
        }
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            return " live_after_gc_mib=- (no jcmd beside " + System.getProperty("java.home") + ")";
        }
        try {
            run(jcmd.toString(), SERVER_PID, "GC.run");
            String info = run(jcmd.toString(), SERVER_PID, "GC.heap_info");
            // G1 on JDK 25: " garbage-first heap   total reserved 1048576K, committed 1048576K, used 123456K [..."
            // (older JDKs: "total 1048576K, used 123456K")
            var used = java.util.regex.Pattern.compile("used (\\d+)K").matcher(info);
            var committed = java.util.regex.Pattern.compile("(?:committed|total) (\\d+)K").matcher(info);
            if (used.find() && committed.find()) {
                return String.format(Locale.ROOT, " live_after_gc_mib=%d heap_committed_mib=%d",
                        Long.parseLong(used.group(1)) / 1024, Long.parseLong(committed.group(1)) / 1024);
            }
            return " live_after_gc_mib=-";
        } catch (Exception e) {
            return " live_after_gc_mib=- (" + e.getMessage() + ")";
        }
    }

    /** The server's live objects by class (jcmd GC.class_histogram, which collects first) into HISTOGRAM_FILE. */
    private static void writeHistogram() {
        if (HISTOGRAM_FILE.isBlank() || SERVER_PID.isBlank()) {
            return;
        }
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Files.writeString(Path.of(HISTOGRAM_FILE), run(jcmd.toString(), SERVER_PID, "GC.class_histogram"));
            log("class histogram of the server while holding every socket: %s", HISTOGRAM_FILE);
        } catch (Exception e) {
            log("no class histogram: %s", e.getMessage());
        }
        if (!HEAP_DUMP_FILE.isBlank()) {
            try {
                log("heap dump of the server while holding every socket: %s",
                        run(jcmd.toString(), SERVER_PID, "GC.heap_dump", Path.of(HEAP_DUMP_FILE).toAbsolutePath().toString()).strip());
            } catch (Exception e) {
                log("no heap dump: %s", e.getMessage());
            }
        }
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        process.waitFor(60, TimeUnit.SECONDS);
        return out;
    }

    /** Per message: when it reached the other participant, in microseconds after it was due. */
    /**
     * CPU time from Linux's accounting: the server process's (user and system) and the whole
     * machine's busy time, in clock ticks ({@value #TICKS_PER_SECOND} a second, what Linux reports
     * to user space on the machines this runs on), from when sending starts until the last delivery
     * was waited for, so a message's cost includes its push and its database work.
     */
    private record CpuTicks(long server, long machine, long nanos) {

        static final int TICKS_PER_SECOND = 100;

        static CpuTicks now() {
            long server = -1;
            long machine = -1;
            try {
                if (!SERVER_PID.isBlank()) {
                    String stat = Files.readString(Path.of("/proc", SERVER_PID, "stat"));
                    // the fields after the command name, which is in parentheses and may hold spaces
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    server = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                }
                String[] cpu = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
                // user nice system idle iowait irq softirq steal: busy is all but idle and iowait
                machine = 0;
                for (int i = 1; i <= 8 && i < cpu.length; i++) {
                    if (i != 4 && i != 5) {
                        machine += Long.parseLong(cpu[i]);
                    }
                }
            } catch (IOException | RuntimeException e) {
                log("no CPU figures: %s", e.getMessage());
            }
            return new CpuTicks(server, machine, System.nanoTime());
        }

        CpuTicks minus(CpuTicks start) {
            return new CpuTicks(server < 0 || start.server < 0 ? -1 : server - start.server,
                    machine < 0 || start.machine < 0 ? -1 : machine - start.machine, nanos - start.nanos);
        }

        String report(long delivered) {
            double serverSeconds = server / (double) TICKS_PER_SECOND;
            double machineSeconds = machine / (double) TICKS_PER_SECOND;
            return String.format(Locale.ROOT, "CHAT CPU window_s=%.1f server_s=%.1f machine_busy_s=%.1f"
                            + " server_ms_per_delivered=%.2f machine_ms_per_delivered=%.2f",
                    nanos / 1e9, serverSeconds, machineSeconds, delivered == 0 ? 0 : serverSeconds * 1000 / delivered,
                    delivered == 0 ? 0 : machineSeconds * 1000 / delivered);
        }
    }

    private static final class Deliveries {

        final AtomicLongArray latencyMicros;
        final AtomicLong delivered = new AtomicLong();
        final AtomicLong duplicates = new AtomicLong();
        final AtomicLong acknowledged = new AtomicLong();
        final AtomicLong lastDeliveryNanos = new AtomicLong();

        Deliveries(int total) {
            latencyMicros = new AtomicLongArray(total);
            for (int i = 0; i < total; i++) {
                latencyMicros.set(i, -1);
            }
        }

        void received(int k, long dueNanos, long now) {
            if (k < 0 || k >= latencyMicros.length()) {
                return;
            }
            if (latencyMicros.compareAndSet(k, -1, Math.max(0, (now - dueNanos) / 1_000))) {
                delivered.incrementAndGet();
                lastDeliveryNanos.accumulateAndGet(now, Math::max);
            } else {
                duplicates.incrementAndGet();
            }
        }

        String report(int sent, double sendSeconds, long maxLateNanos, int stillHeld, int errors, String firstError) {
            long[] values = new long[(int) delivered.get()];
            int n = 0;
            for (int i = 0; i < latencyMicros.length() && n < values.length; i++) {
                long v = latencyMicros.get(i);
                if (v >= 0) {
                    values[n++] = v;
                }
            }
            values = Arrays.copyOf(values, n);
            Arrays.sort(values);
            return String.format(Locale.ROOT, "CHAT DELIVERY sent=%d delivered=%d lost=%d duplicates=%d acks=%d errors=%d"
                            + " sent_per_s=%.0f delivered_per_s=%.0f p50_ms=%s p95_ms=%s p99_ms=%s max_ms=%s"
                            + " generator_max_late_ms=%.1f sockets_still_held=%d%s",
                    sent, n, sent - n, duplicates.get(), acknowledged.get(), errors, sent / sendSeconds, n / sendSeconds,
                    percentile(values, 0.50), percentile(values, 0.95), percentile(values, 0.99),
                    percentile(values, 1.0), maxLateNanos / 1e6, stillHeld,
                    firstError == null ? "" : " first_error=\"" + firstError + "\"");
        }

        private static String percentile(long[] sorted, double p) {
            if (sorted.length == 0) {
                return "-";
            }
            int index = (int) Math.ceil(p * sorted.length) - 1;
            return String.format(Locale.ROOT, "%.1f", sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1000.0);
        }
    }

    /** One user's STOMP session over a JDK WebSocket: STOMP frames are text, one per WebSocket message. */
    private static final class Socket implements WebSocket.Listener {

        static final AtomicInteger ready = new AtomicInteger();
        static final AtomicInteger failed = new AtomicInteger();
        static final AtomicInteger errors = new AtomicInteger();
        static volatile String firstFailure;
        static volatile String firstError;

        private final UUID user;
        private final String userText;
        private final Deliveries deliveries;
        private final StringBuilder incoming = new StringBuilder();
        private final CompletableFuture<Void> subscribed = new CompletableFuture<>();
        private volatile boolean isReady;
        private CompletableFuture<WebSocket> sending;

        Socket(UUID user, Deliveries deliveries) {
            this.user = user;
            this.userText = user.toString();
            this.deliveries = deliveries;
        }

        boolean isReady() {
            return isReady;
        }

        CompletableFuture<Void> open(HttpClient http, String token) {
            http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30)).buildAsync(URI.create(WS_URL), this)
                    .whenComplete((ws, failure) -> {
                        if (failure != null) {
                            fail("WebSocket: " + failure);
                            return;
                        }
                        synchronized (this) {
                            sending = ws.sendText("CONNECT\naccept-version:1.2\nhost:medbook\nheart-beat:0,0\n"
                                    + "Authorization:Bearer " + token + "\n\n\0", true);
                        }
                    });
            return subscribed.orTimeout(120, TimeUnit.SECONDS).exceptionally(failure -> {
                fail(String.valueOf(failure));
                return null;
            });
        }

        private void fail(String why) {
            if (!subscribed.isDone()) {
                failed.incrementAndGet();
                if (firstFailure == null) {
                    firstFailure = why;
                }
                subscribed.completeExceptionally(new IllegalStateException(why));
            }
        }

        synchronized void send(UUID conversationId, int k, long dueNanos) {
            String frame = "SEND\ndestination:/app/conversations/" + conversationId + "/messages\n"
                    + "content-type:application/json\n\n{\"clientMessageId\":\"m" + RUN + "-" + k + "-" + dueNanos
                    + "\",\"body\":\"load message " + k + "\"}\0";
            sending = sending.thenCompose(ws -> ws.sendText(frame, true));
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            incoming.append(data);
            if (last) {
                String frame = incoming.toString();
                incoming.setLength(0);
                handle(ws, frame);
            }
            ws.request(1);
            return null;
        }

        private void handle(WebSocket ws, String frame) {
            long now = System.nanoTime();
            if (frame.startsWith("MESSAGE") && frame.contains("\ndestination:/user/queue/errors\n")) {
                // a refused SEND (rate limit, ...): its problem
                errors.incrementAndGet();
                if (firstError == null) {
                    firstError = frame.substring(frame.indexOf("\n\n") + 2).replace("\0", "");
                }
            } else if (frame.startsWith("MESSAGE")) {
                int at = frame.indexOf(MARK);
                if (at < 0) {
                    return;
                }
                boolean mine = frame.contains("\"senderId\":\"" + userText + "\"");
                if (mine) {
                    deliveries.acknowledged.incrementAndGet();
                    return;
                }
                int start = at + MARK.length();
                int dash = frame.indexOf('-', start);
                int end = frame.indexOf('"', dash);
                deliveries.received(Integer.parseInt(frame, start, dash, 10), Long.parseLong(frame, dash + 1, end, 10),
                        now);
            } else if (frame.startsWith("CONNECTED")) {
                synchronized (this) {
                    sending = sending.thenCompose(w -> w.sendText(
                            "SUBSCRIBE\nid:0\ndestination:/user/queue/messages\n\n\0", true)).thenCompose(w -> w.sendText(
                            "SUBSCRIBE\nid:1\ndestination:/user/queue/errors\nreceipt:subscribed\n\n\0", true));
                }
            } else if (frame.startsWith("RECEIPT")) {
                if (!isReady) {
                    isReady = true;
                    ready.incrementAndGet();
                    subscribed.complete(null);
                }
            } else if (frame.startsWith("ERROR")) {
                errors.incrementAndGet();
                if (firstError == null) {
                    firstError = frame.replace('\n', ' ').replace("\0", "");
                }
                fail("ERROR frame: " + frame.replace('\n', ' '));
            }
        }

        @Override
        public void onOpen(WebSocket ws) {
            ws.request(1);
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            if (isReady) {
                isReady = false;
                ready.decrementAndGet();
            }
            fail("closed " + statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            if (isReady) {
                isReady = false;
                ready.decrementAndGet();
            }
            fail("error " + error);
        }
    }
}
