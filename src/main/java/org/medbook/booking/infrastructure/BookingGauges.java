package org.medbook.booking.infrastructure;

import java.time.Clock;
import java.time.Instant;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.medbook.shared.metrics.Ages;
import org.medbook.shared.metrics.Readings;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Unpaid holds and how late their expiry runs: a hold past its expiry still blocks the doctor's slot
 * until the expiry job releases it, so a lag beyond the job's interval (30 s) means it is not running.
 */
@Component
class BookingGauges {

    private record Holds(long open, Instant earliestExpiry) {
    }

    BookingGauges(MeterRegistry registry, JdbcClient jdbc, Readings readings, Clock clock) {
        Readings.Reading<Holds> holds = readings.of("booking", () -> jdbc.sql("""
                        SELECT count(*) AS open, min(hold_expires_at) AS earliest
                        FROM appointments WHERE status = 'PENDING_PAYMENT'
                        """)
                .query((rs, row) -> new Holds(rs.getLong("open"), Ages.instant(rs, "earliest")))
                .single());
        Gauge.builder("medbook.bookings.holds", holds, reading -> reading.value(Holds::open))
                .description("Bookings held while their online payment is awaited").register(registry);
        Gauge.builder("medbook.scheduler.lag", holds,
                        reading -> reading.value(h -> Ages.secondsSince(h.earliestExpiry(), clock)))
                .description("How late the earliest due work of a background job is").baseUnit("seconds")
                .tag("job", "hold-expiry").register(registry);
    }
}
