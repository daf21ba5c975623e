package org.medbook.reporting.application;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.medbook.booking.Bookings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes the queued booking changes into the reporting read model, a batch per transaction with a fixed
 * number of statements: every {@code medbook.reporting.drain-every} (half a second by default), on one
 * node at a time (the others find the writer's lock taken and skip the round). Each booking is read as
 * it stands now, so changes taken late, twice or out of order leave its latest state. A batch that fails
 * is retried change by change; one that fails alone is postponed (a minute, doubling up to an hour) with
 * its reason, and the rest go on.
 */
@Component
@ConditionalOnProperty(name = "medbook.reporting.enabled", havingValue = "true", matchIfMissing = true)
class ReportingDrain {

    static final int BATCH = 500;
    private static final Logger log = LoggerFactory.getLogger(ReportingDrain.class);

    private final ReportStore store;
    private final Bookings bookings;
    private final Clock clock;
    private final TransactionTemplate transaction;
    private final BackgroundRound round = new BackgroundRound(log, "Draining the reporting queue");

    ReportingDrain(ReportStore store, Bookings bookings, Clock clock, PlatformTransactionManager transactions) {
        this.store = store;
        this.bookings = bookings;
        this.clock = clock;
        this.transaction = new TransactionTemplate(transactions);
    }

    @Scheduled(fixedDelayString = "${medbook.reporting.drain-every:PT0.5S}",
            initialDelayString = "${medbook.reporting.drain-every:PT0.5S}")
    void onSchedule() {
        round.run(this::drain);
    }

    /** Writes every change queued and due now, unless another node is at it; returns how many it took. */
    int drain() {
        int taken = 0;
        while (true) {
            Instant now = clock.instant();
            Integer batch;
            try {
                batch = transaction.execute(status -> {
                    if (!store.lockBookingWriter(false)) {
                        return -1;
                    }
                    List<ReportStore.QueuedBooking> queued = store.takeQueued(BATCH, now);
                    write(queued);
                    return queued.size();
                });
            } catch (RuntimeException e) {
                return taken + oneByOne(now);
            }
            if (batch == null || batch < 0) {
                return taken;
            }
            taken += batch;
            if (batch < BATCH) {
                return taken;
            }
        }
    }

    /** After a batch failed: each of its changes in a transaction of its own, so one cannot hold up the rest. */
    private int oneByOne(Instant now) {
        int taken = 0;
        for (long id : store.queuedIds(BATCH, now)) {
            try {
                Integer one = transaction.execute(status -> {
                    store.lockBookingWriter(true);
                    List<ReportStore.QueuedBooking> queued = store.takeQueued(id);
                    write(queued);
                    return queued.size();
                });
                taken += one == null ? 0 : one;
            } catch (TransientDataAccessException | DataAccessResourceFailureException e) {
                throw e; // the database, not the change: the round ends and the next one tries again
            } catch (RuntimeException e) {
                postpone(id, now, e);
            }
        }
        return taken;
    }

    private void postpone(long id, Instant now, RuntimeException cause) {
        transaction.executeWithoutResult(status -> store.postpone(id, now, String.valueOf(cause.getMessage())));
        log.warn("A queued booking change for the reports failed and waits for another try: {}", cause.toString());
    }

    /** Each booking once, as it stands, with the earliest booking time and the latest canceller the changes name. */
    private void write(List<ReportStore.QueuedBooking> queued) {
        if (queued.isEmpty()) {
            return;
        }
        Map<UUID, ReportStore.QueuedBooking> merged = new LinkedHashMap<>();
        for (ReportStore.QueuedBooking change : queued) {
            merged.merge(change.bookingId(), change, (earlier, later) -> new ReportStore.QueuedBooking(later.id(),
                    later.bookingId(), earliest(earlier.bookedAt(), later.bookedAt()),
                    later.cancelledBy() != null ? later.cancelledBy() : earlier.cancelledBy(), later.attempts()));
        }
        List<ReportStore.BookingChange> changes = new ArrayList<>();
        for (Bookings.BookingSnapshot b : bookings.findAll(new ArrayList<>(merged.keySet()))) {
            ReportStore.QueuedBooking change = merged.get(b.id());
            changes.add(new ReportStore.BookingChange(new ReportStore.BookingRow(b.id(), b.doctorId(), b.patientId(),
                    b.status().name(), b.type(), b.paymentMethod(), b.amountMinor(), b.currency(), b.timeZone(), b.start()),
                    change.bookedAt(), change.cancelledBy()));
        }
        store.putBookings(changes, clock.instant());
    }

    private static Instant earliest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isBefore(b) ? a : b;
    }
}
