package org.medbook.shared.metrics;

import java.time.Clock;
import java.time.Instant;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The backlog of the event outbox (Spring Modulith's event publication registry): publications whose
 * listener has not completed yet, how old the oldest one is, and how many failed and wait to be
 * resubmitted. A growing age means a listener is stuck or failing.
 */
@Component
class EventPublicationGauges {

    private record Backlog(long incomplete, long failed, Instant oldest) {
    }

    EventPublicationGauges(MeterRegistry registry, JdbcClient jdbc, Readings readings, Clock clock) {
        Readings.Reading<Backlog> backlog = readings.of("event outbox", () -> jdbc.sql("""
                        SELECT count(*) AS incomplete, count(*) FILTER (WHERE status = 'FAILED') AS failed,
                               min(publication_date) AS oldest
                        FROM event_publication WHERE completion_date IS NULL
                        """)
                .query((rs, row) -> new Backlog(rs.getLong("incomplete"), rs.getLong("failed"), Ages.instant(rs, "oldest")))
                .single());
        Gauge.builder("medbook.outbox.backlog", backlog, reading -> reading.value(Backlog::incomplete))
                .description("Outbox rows waiting to be processed").tag("outbox", "events").register(registry);
        Gauge.builder("medbook.outbox.oldest.age", backlog,
                        reading -> reading.value(b -> Ages.secondsSince(b.oldest(), clock)))
                .description("Age of the oldest outbox row waiting to be processed").baseUnit("seconds")
                .tag("outbox", "events").register(registry);
        Gauge.builder("medbook.outbox.failed", backlog, reading -> reading.value(Backlog::failed))
                .description("Event publications whose listener failed, waiting to be resubmitted").register(registry);
    }
}
