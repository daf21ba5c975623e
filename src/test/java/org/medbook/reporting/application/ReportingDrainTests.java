package org.medbook.reporting.application;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.medbook.booking.AppointmentStatus;
import org.medbook.booking.BookingEvents;
import org.medbook.booking.Bookings;
import org.medbook.support.IntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Booking changes reach the reports through a queue: one row in the booking's transaction, written in
 * batches by one drainer at a time, each booking as it stands. Here the drainer runs at a clock of its
 * own in 2100 on changes queued as due in 2099, which the application's own drainer (at the test clock)
 * leaves alone; bookings it does not know come from the application's.
 */
class ReportingDrainTests extends IntegrationTest {

    private static final Instant LATER = Instant.parse("2100-01-01T00:00:00Z");

    @Autowired
    ReportStore store;
    @Autowired
    Bookings realBookings;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    ApplicationEventPublisher events;

    private final Map<UUID, Bookings.BookingSnapshot> known = new java.util.concurrent.ConcurrentHashMap<>();

    private ReportingDrain drain() {
        Bookings bookings = new Bookings() {
            @Override
            public Optional<BookingSnapshot> find(UUID bookingId) {
                return findAll(List.of(bookingId)).stream().findFirst();
            }

            @Override
            public List<BookingSnapshot> findAll(List<UUID> bookingIds) {
                List<BookingSnapshot> found = new ArrayList<>(realBookings.findAll(bookingIds));
                bookingIds.stream().map(known::get).filter(java.util.Objects::nonNull).forEach(found::add);
                return found;
            }

            @Override
            public List<BookingSnapshot> ofDoctorStartingBetween(UUID doctorId, Instant from, Instant to) {
                throw new UnsupportedOperationException();
            }

            @Override
            public boolean everConfirmed(UUID patientId, UUID doctorId) {
                throw new UnsupportedOperationException();
            }
        };
        return new ReportingDrain(store, bookings, Clock.fixed(LATER, ZoneOffset.UTC), transactions);
    }

    @Test
    void eachBookingIsWrittenOnceAsItStandsWithItsEarliestBookingTimeAndLastCanceller() {
        UUID doctor = UUID.randomUUID();
        UUID a = booking(doctor, AppointmentStatus.CANCELLED, "2099-03-01T09:00:00Z");
        UUID b = booking(doctor, AppointmentStatus.CONFIRMED, "2099-03-01T10:00:00Z");
        queue(a, "2099-02-01T08:00:00Z", null);
        queue(a, "2099-02-01T07:00:00Z", null);
        queue(a, null, "PATIENT");
        queue(a, null, null);
        queue(b, "2099-02-02T08:00:00Z", null);

        assertThat(drain().drain()).isGreaterThanOrEqualTo(5);

        assertThat(row(a)).containsEntry("status", "CANCELLED").containsEntry("cancelled_by", "PATIENT")
                .containsEntry("booked_at", Instant.parse("2099-02-01T07:00:00Z"));
        assertThat(row(b)).containsEntry("status", "CONFIRMED")
                .containsEntry("booked_at", Instant.parse("2099-02-02T08:00:00Z"));
        assertThat(queued(a, b)).isZero();
    }

    @Test
    void aChangeThatFailsOnItsOwnIsPostponedWithItsReasonAndTheOthersAreWritten() {
        UUID doctor = UUID.randomUUID();
        UUID good = booking(doctor, AppointmentStatus.CONFIRMED, "2099-04-01T09:00:00Z");
        UUID bad = booking(doctor, AppointmentStatus.CANCELLED, "2099-04-01T10:00:00Z");
        queue(good, "2099-03-01T08:00:00Z", null);
        queue(bad, "2099-03-01T08:00:00Z", "MARTIANS");

        drain().drain();

        assertThat(row(good)).containsEntry("status", "CONFIRMED");
        assertThat(jdbc.sql("SELECT count(*) FROM report_bookings WHERE booking_id = :id").param("id", bad)
                .query(Long.class).single()).isZero();
        jdbc.sql("SELECT attempts, retry_at, error FROM report_inbox WHERE booking_id = :id").param("id", bad)
                .query((rs, n) -> {
                    assertThat(rs.getInt("attempts")).isEqualTo(1);
                    assertThat(rs.getObject("retry_at", OffsetDateTime.class).toInstant())
                            .isEqualTo(Instant.parse("2100-01-01T00:01:00Z"));
                    assertThat(rs.getString("error")).contains("MARTIANS");
                    return n;
                }).single();
    }

    @Test
    void whileAnotherNodeDrainsThisOneSkipsTheRound() throws Exception {
        UUID doctor = UUID.randomUUID();
        UUID a = booking(doctor, AppointmentStatus.CONFIRMED, "2099-05-01T09:00:00Z");
        queue(a, "2099-04-01T08:00:00Z", null);
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            Future<?> holder = other.submit(() -> new TransactionTemplate(transactions).executeWithoutResult(status -> {
                store.lockBookingWriter(true);
                locked.countDown();
                try {
                    release.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(drain().drain()).isZero();
            assertThat(queued(a)).isEqualTo(1);
            release.countDown();
            holder.get(10, TimeUnit.SECONDS);
        } finally {
            other.shutdownNow();
        }
        assertThat(drain().drain()).isPositive();
        assertThat(queued(a)).isZero();
        assertThat(row(a)).containsEntry("status", "CONFIRMED");
    }

    @Test
    void aBookingChangeQueuesOneRowWithTheBookingAndNoneWhenItRollsBack() {
        TransactionTemplate tx = new TransactionTemplate(transactions);
        UUID kept = UUID.randomUUID();
        UUID rolledBack = UUID.randomUUID();
        for (UUID booking : List.of(kept, rolledBack)) {
            tx.executeWithoutResult(status -> {
                events.publishEvent(new BookingEvents.AppointmentCancelled(UUID.randomUUID(), LATER, booking,
                        UUID.randomUUID(), UUID.randomUUID(), "DOCTOR", "ill", 0, null, null));
                // seen from the booking's own transaction, before it ends
                assertThat(jdbc.sql("SELECT count(*) FROM report_inbox WHERE booking_id = :id AND cancelled_by = 'DOCTOR'"
                        + " AND booked_at IS NULL").param("id", booking).query(Long.class).single()).isEqualTo(1);
                if (booking.equals(rolledBack)) {
                    status.setRollbackOnly();
                }
            });
        }
        assertThat(queued(rolledBack)).isZero();
    }

    private UUID booking(UUID doctor, AppointmentStatus status, String starts) {
        UUID id = UUID.randomUUID();
        Instant start = Instant.parse(starts);
        known.put(id, new Bookings.BookingSnapshot(id, status, doctor, UUID.randomUUID(), start, start.plusSeconds(1800),
                "IN_PERSON", null, "Europe/Berlin", "CASH", 5000, "EUR", false, 1));
        return id;
    }

    /** A change queued as due in 2099: only a drainer whose clock is past that takes it. */
    private void queue(UUID booking, String bookedAt, String cancelledBy) {
        jdbc.sql("INSERT INTO report_inbox (booking_id, booked_at, cancelled_by, retry_at) VALUES (:b, :at, :by, :due)")
                .param("b", booking).param("at", bookedAt == null ? null : OffsetDateTime.parse(bookedAt))
                .param("by", cancelledBy).param("due", OffsetDateTime.parse("2099-12-31T00:00:00Z")).update();
    }

    private Map<String, Object> row(UUID booking) {
        return jdbc.sql("SELECT status, cancelled_by, booked_at FROM report_bookings WHERE booking_id = :id")
                .param("id", booking).query((rs, n) -> {
                    Map<String, Object> row = new java.util.HashMap<>();
                    row.put("status", rs.getString("status"));
                    row.put("cancelled_by", rs.getString("cancelled_by"));
                    row.put("booked_at", rs.getObject("booked_at", OffsetDateTime.class).toInstant());
                    return row;
                }).single();
    }

    private long queued(UUID... bookings) {
        return jdbc.sql("SELECT count(*) FROM report_inbox WHERE booking_id IN (:ids)").param("ids", List.of(bookings))
                .query(Long.class).single();
    }
}
