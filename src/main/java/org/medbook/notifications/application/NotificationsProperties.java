package org.medbook.notifications.application;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param enabled         whether business events create notifications at all (the load suite compares both)
 * @param reminders       how long before a visit reminders go out (ISO-8601 durations)
 * @param giveUpAfter     how long a failing delivery is retried before it is listed as FAILED
 * @param firstRetryAfter the first back-off; each later one doubles, up to {@code maxRetryAfter}
 * @param defaultTimeZone the zone for users who chose none and have no doctor's practice to go by
 * @param batchSize       events fanned out, or deliveries sent, per transaction
 * @param pollEvery       how often idle workers look for work another node may have left
 * @param linger          the pause after a partial batch, so work arriving under load is handled in fewer, larger
 *                        transactions: each costs a dozen statements whatever its size, so at 50 bookings per
 *                        second a quarter of a second makes batches of about a dozen events instead of two or
 *                        three; the first event after a quiet spell is handled at once
 * @param sendConcurrency deliveries in flight at once per node
 * @param workers         whether this node runs the fan-out, sending and reminder workers; off on nodes
 *                        that should spend their cores on requests only (their events are still kept, in
 *                        the business transaction, and a node with workers on picks them up within
 *                        {@code pollEvery})
 */
@ConfigurationProperties("medbook.notifications")
public record NotificationsProperties(@DefaultValue("true") boolean enabled,
                                      @DefaultValue("PT24H,PT1H") List<Duration> reminders,
                                      @DefaultValue("PT24H") Duration giveUpAfter,
                                      @DefaultValue("PT30S") Duration firstRetryAfter,
                                      @DefaultValue("PT1H") Duration maxRetryAfter,
                                      @DefaultValue("UTC") ZoneId defaultTimeZone,
                                      @DefaultValue("200") int batchSize,
                                      @DefaultValue("PT1S") Duration pollEvery,
                                      @DefaultValue("PT0.25S") Duration linger,
                                      @DefaultValue("32") int sendConcurrency,
                                      @DefaultValue("true") boolean workers) {

    public NotificationsProperties {
        reminders = reminders == null ? List.of() : reminders.stream().filter(d -> !d.isNegative() && !d.isZero()).toList();
        if (batchSize <= 0 || sendConcurrency <= 0) {
            throw new IllegalArgumentException("medbook.notifications batch-size and send-concurrency must be positive");
        }
    }

    /** The wait before attempt {@code attempts + 1}. */
    public Duration backOff(int attempts) {
        Duration wait = firstRetryAfter.multipliedBy(1L << Math.min(Math.max(attempts - 1, 0), 20));
        return wait.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : wait;
    }
}
