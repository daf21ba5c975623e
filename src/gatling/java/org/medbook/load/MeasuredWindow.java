package org.medbook.load;

import java.util.Arrays;

import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;

import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.rampConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts the answers of one request, by HTTP status, that arrive inside the measured part of a run
 * (after the ramp, for the constant phase) and keeps their response times, so a run reports the
 * throughput it sustained and its percentiles without the warm-up ramp. Gatling's own report covers
 * the whole run, ramp included; both are printed.
 */
final class MeasuredWindow {

    private final String name;
    private final long rampNanos;
    private final long lengthNanos;
    private final Map<Integer, Long> statuses = new TreeMap<>();
    private long start;
    private int[] times = new int[1 << 16];
    private int count;
    private long outside;

    MeasuredWindow(String name, int rampSeconds, int seconds) {
        this.name = name;
        this.rampNanos = rampSeconds * 1_000_000_000L;
        this.lengthNanos = seconds * 1_000_000_000L;
    }

    /** Call when the injection starts (the simulation's {@code before()}). */
    synchronized void begin() {
        start = System.nanoTime();
    }

    /** One answer; {@code status} 0 when no HTTP answer came (connection refused, timeout). */
    /** Closed: {@code users} at once without pause; open: {@link LoadSettings#RATE} new users a second. Both ramp first. */
    static PopulationBuilder inject(ScenarioBuilder scenario, String model, int users) {
        return "closed".equals(model)
                ? scenario.injectClosed(rampConcurrentUsers(1).to(users).during(LoadSettings.RAMP_SECONDS),
                        constantConcurrentUsers(users).during(LoadSettings.SECONDS))
                : scenario.injectOpen(rampUsersPerSec(1).to(LoadSettings.RATE).during(LoadSettings.RAMP_SECONDS),
                        constantUsersPerSec(LoadSettings.RATE).during(LoadSettings.SECONDS));
    }

    /** Records the request the session just made (its saved "status" and "rt", timed from "sentAt"). */
    Session record(Session session) {
        long elapsed = (System.nanoTime() - session.getLong("sentAt")) / 1_000_000;
        record(session.contains("status") ? session.getInt("status") : 0,
                session.contains("rt") ? ((Number) session.get("rt")).longValue() : elapsed);
        return session;
    }

    synchronized void record(int status, long responseMillis) {
        long at = System.nanoTime() - start - rampNanos;
        if (start == 0 || at < 0 || at > lengthNanos) {
            outside++;
            return;
        }
        statuses.merge(status, 1L, Long::sum);
        if (count == times.length) {
            times = Arrays.copyOf(times, times.length * 2);
        }
        times[count++] = (int) Math.min(responseMillis, Integer.MAX_VALUE);
    }

    /** One line the load scripts read: {@code RESULT <name>: seconds=.. total=.. status201=.. rate201=.. p50=..}. */
    synchronized String summary(int countedStatus) {
        int[] sorted = Arrays.copyOf(times, count);
        Arrays.sort(sorted);
        double seconds = lengthNanos / 1e9;
        long counted = statuses.getOrDefault(countedStatus, 0L);
        StringBuilder line = new StringBuilder("RESULT ").append(name).append(": seconds=").append((long) seconds)
                .append(" total=").append(count)
                .append(" rate").append(countedStatus).append('=').append(String.format("%.1f", counted / seconds));
        statuses.forEach((status, n) -> line.append(" status").append(status).append('=').append(n));
        line.append(" p50=").append(percentile(sorted, 50)).append(" p95=").append(percentile(sorted, 95))
                .append(" p99=").append(percentile(sorted, 99)).append(" max=").append(count == 0 ? 0 : sorted[count - 1])
                .append(" outsideWindow=").append(outside);
        return line.toString();
    }

    /** Nearest-rank percentile in milliseconds. */
    private static int percentile(int[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }
}
