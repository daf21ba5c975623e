package org.medbook.audit.infrastructure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.http.HttpServletRequest;

import org.medbook.audit.DataKind;
import org.medbook.audit.PatientDataAccess;
import org.medbook.shared.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import tools.jackson.databind.json.JsonMapper;

/**
 * Takes access records in memory and writes them in multi-row inserts every {@value #FLUSH_MILLIS} ms
 * and when the application stops, so a read pays for a queue offer instead of a database round trip
 * (and a read-only transaction stays read-only). What a crash loses is what the last interval took.
 */
@Component
class BufferedPatientDataAccess implements PatientDataAccess, SmartLifecycle {

    static final long FLUSH_MILLIS = 150;
    /** Rows per INSERT: 7 parameters each stays far below PostgreSQL's 65,535 bind parameters. */
    private static final int ROWS_PER_INSERT = 500;
    /** Beyond this (the database unreachable for long) new records are dropped and counted in the log. */
    private static final int MAX_PENDING = 200_000;
    private static final int MAX_REASON = 200;
    private static final Logger log = LoggerFactory.getLogger(BufferedPatientDataAccess.class);

    private final ConcurrentLinkedQueue<Row> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;
    private volatile ScheduledExecutorService flusher;

    BufferedPatientDataAccess(JdbcClient jdbc, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    record Row(UUID eventId, Instant at, UUID actorId, String role, UUID patientId, DataKind kind, String reason,
               String ip) {
    }

    @Override
    public void record(Caller reader, DataKind kind, Collection<UUID> patientIds) {
        if (patientIds.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        String role = roleOf(reader);
        String reason = currentReason();
        patientIds.stream().distinct().filter(patient -> patient != null && !patient.equals(reader.userId()))
                .forEach(patient -> offer(new Row(UUID.randomUUID(), now, reader.userId(), role, patient, kind, reason,
                        reader.clientIp())));
    }

    private void offer(Row row) {
        if (size.incrementAndGet() > MAX_PENDING) {
            size.decrementAndGet();
            if (dropped.getAndIncrement() % 10_000 == 0) {
                log.error("Patient data access records are being dropped: {} pending and the database does not take them",
                        MAX_PENDING);
            }
            return;
        }
        pending.add(row);
    }

    @Override
    public synchronized void flush() {
        List<Row> batch = new ArrayList<>(ROWS_PER_INSERT);
        Row row;
        while ((row = pending.poll()) != null) {
            size.decrementAndGet();
            batch.add(row);
            if (batch.size() == ROWS_PER_INSERT) {
                insert(batch);
                batch = new ArrayList<>(ROWS_PER_INSERT);
            }
        }
        if (!batch.isEmpty()) {
            insert(batch);
        }
    }

    private void insert(List<Row> rows) {
        StringBuilder sql = new StringBuilder(
                "INSERT INTO audit_events (event_id, occurred_at, actor_id, action, target, ip, details, patient_id) VALUES ");
        List<Object> params = new ArrayList<>(rows.size() * 7);
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, 'patient-data.read', ?, ?, CAST(? AS jsonb), ?)");
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("kind", r.kind().name());
            details.put("role", r.role());
            if (r.reason() != null) {
                details.put("reason", r.reason());
            }
            params.addAll(Arrays.asList(r.eventId(), r.at().atOffset(ZoneOffset.UTC), r.actorId(),
                    "patient:" + r.patientId(), r.ip(), json.writeValueAsString(details), r.patientId()));
        }
        try {
            jdbc.sql(sql.toString()).params(params).update();
        } catch (RuntimeException e) {
            // Kept for the next round: an unreachable database must not cost the trail its records.
            rows.forEach(this::offer);
            throw e;
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("Patient data access records not written yet ({} pending): {}", size.get(), e.toString());
        }
    }

    static String roleOf(Caller reader) {
        for (String role : List.of("ADMIN", "HELPER", "DOCTOR")) {
            if (reader.hasRole(role)) {
                return role;
            }
        }
        return "PATIENT";
    }

    /** The reader's own words, bounded and on one line; absent outside a request. */
    private static String currentReason() {
        if (!(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes)) {
            return null;
        }
        HttpServletRequest request = attributes.getRequest();
        String reason = request.getHeader(REASON_HEADER);
        if (reason == null || reason.isBlank()) {
            return null;
        }
        String line = reason.strip().replaceAll("\\p{Cntrl}", " ");
        return line.length() <= MAX_REASON ? line : line.substring(0, MAX_REASON);
    }

    @Override
    public void start() {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "patient-access-flush");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::flushQuietly, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
        flusher = executor;
    }

    /** Stops the timer, then writes what is left while the data source is still open. */
    @Override
    public void stop() {
        ScheduledExecutorService executor = flusher;
        flusher = null;
        if (executor != null) {
            executor.shutdown();
            try {
                executor.awaitTermination(Duration.ofSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        flushQuietly();
    }

    /** Stops after the web server, so the requests it lets finish are written too. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

    @Override
    public boolean isRunning() {
        return flusher != null;
    }
}
