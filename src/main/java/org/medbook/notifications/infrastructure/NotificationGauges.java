package org.medbook.notifications.infrastructure;

import java.time.Clock;
import java.time.Instant;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.medbook.shared.metrics.Ages;
import org.medbook.shared.metrics.Readings;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What the notification workers have not done yet: the module's own outbox (events not yet fanned
 * out), deliveries waiting to be sent, deliveries that failed for good, and how late the earliest
 * due fan-out, delivery and reminder are (the workers' lag; near zero while they keep up).
 */
@Component
class NotificationGauges {

    private record Backlog(long events, Instant oldestEvent, Instant eventDue, long deliveries, Instant deliveryDue,
                           long failed, Instant reminderDue) {
    }

    NotificationGauges(MeterRegistry registry, JdbcClient jdbc, Readings readings, Clock clock) {
        // a SENDING delivery is due again once its lease lapses (its sender died)
        Readings.Reading<Backlog> backlog = readings.of("notification", () -> jdbc.sql("""
                        SELECT (SELECT count(*) FROM notification_events) AS events,
                               (SELECT min(created_at) FROM notification_events) AS oldest_event,
                               (SELECT min(next_attempt_at) FROM notification_events) AS event_due,
                               (SELECT count(*) FROM notification_deliveries WHERE status IN ('PENDING', 'SENDING')) AS deliveries,
                               (SELECT min(CASE WHEN status = 'PENDING' THEN next_attempt_at ELSE lease_until END)
                                  FROM notification_deliveries WHERE status IN ('PENDING', 'SENDING')) AS delivery_due,
                               (SELECT count(*) FROM notification_deliveries WHERE status = 'FAILED') AS failed,
                               (SELECT min(due_at) FROM notification_reminders) AS reminder_due
                        """)
                .query((rs, row) -> new Backlog(rs.getLong("events"), Ages.instant(rs, "oldest_event"),
                        Ages.instant(rs, "event_due"), rs.getLong("deliveries"), Ages.instant(rs, "delivery_due"),
                        rs.getLong("failed"), Ages.instant(rs, "reminder_due")))
                .single());
        gauge("medbook.outbox.backlog", backlog, Backlog::events, "Outbox rows waiting to be processed")
                .tag("outbox", "notifications").register(registry);
        gauge("medbook.outbox.oldest.age", backlog, b -> Ages.secondsSince(b.oldestEvent(), clock),
                "Age of the oldest outbox row waiting to be processed").baseUnit("seconds")
                .tag("outbox", "notifications").register(registry);
        gauge("medbook.notifications.backlog", backlog, Backlog::deliveries,
                "E-mail, SMS and push deliveries waiting to be sent (including retries)").register(registry);
        gauge("medbook.notifications.failed", backlog, Backlog::failed,
                "Deliveries that failed for good (listed for staff until purged)").register(registry);
        lag(registry, backlog, "notification-fan-out", b -> Ages.secondsSince(b.eventDue(), clock));
        lag(registry, backlog, "notification-deliveries", b -> Ages.secondsSince(b.deliveryDue(), clock));
        lag(registry, backlog, "notification-reminders", b -> Ages.secondsSince(b.reminderDue(), clock));
    }

    private static Gauge.Builder<Readings.Reading<Backlog>> gauge(String name,
            Readings.Reading<Backlog> backlog, ToDoubleFunction<Backlog> value, String description) {
        return Gauge.builder(name, backlog, reading -> reading.value(value)).description(description);
    }

    private static void lag(MeterRegistry registry, Readings.Reading<Backlog> backlog, String job,
            ToDoubleFunction<Backlog> value) {
        gauge("medbook.scheduler.lag", backlog, value,
                "How late the earliest due work of a background job is").baseUnit("seconds").tag("job", job)
                .register(registry);
    }
}
