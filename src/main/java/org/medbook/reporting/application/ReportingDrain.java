package org.medbook.reporting.application;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntSupplier;

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
 * Writes booking changes into the reporting read model, a batch per transaction with a fixed number of
 * statements: every {@code medbook.reporting.drain-every} (half a second by default), on one node at a
 * time (the others find the writer's lock taken and skip the round). The changes come from the booking
 * change feed ({@link Bookings#changedAfter}), each booking as it stands, and the feed position moves in
 * the transaction that writes them, so a booking writes nothing for the reports itself. A batch that
 * fails is retried change by change; one that fails alone is queued (report_inbox) with its reason and
 * tried again after a minute (doubling up to an hour), and the feed goes on. Queued changes due are
 * written after the feed, each booking again as it stands.
 */
@Component
@ConditionalOnProperty(name = "medbook.reporting.enabled", havingValue = "true", matchIfMissing = true)
class ReportingDrain {

    static final int BATCH = 500;
    /** The reports' place in the booking change feed. */
    static final String READER = "bookings";
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

    /**
     * Writes every booking change the feed has for the reports, then every queued change due now, unless
     * another node is at it; returns how many it wrote (or queued again).
     */
    int drain() {
        return drain(READER);
    }

    /** {@link #drain()} from the place of {@code reader} in the feed. */
    int drain(String reader) {
        Integer fed = inBatches(() -> {
            List<Bookings.ChangedBooking> changed = bookings.changedAfter(store.feedPosition(reader), BATCH);
            writeChanged(reader, changed);
            return changed.size();
        }, () -> feedOneByOne(reader));
        if (fed == null) {
            return 0;
        }
        Instant now = clock.instant();
        Integer queued = inBatches(() -> {
            List<ReportStore.QueuedBooking> taken = store.takeQueued(BATCH, now);
            write(taken);
            return taken.size();
        }, () -> oneByOne(now));
        return fed + (queued == null ? 0 : queued);
    }

    /**
     * Runs {@code batch} under the writer's lock, a transaction each time, until one takes fewer than
     * {@link #BATCH}; after one fails, {@code afterFailure} takes over. Returns how many were taken, or
     * null when another node held the lock before any was.
     */
    private Integer inBatches(IntSupplier batch, IntSupplier afterFailure) {
        int taken = 0;
        while (true) {
            Integer n;
            try {
                n = transaction.execute(status -> store.lockBookingWriter(false) ? batch.getAsInt() : -1);
            } catch (RuntimeException e) {
                return taken + afterFailure.getAsInt();
            }
            if (n == null || n < 0) {
                return taken == 0 ? null : taken;
            }
            taken += n;
            if (n < BATCH) {
                return taken;
            }
        }
    }

    /**
     * After a batch from the feed failed: the next change at a time, each read and written under the
     * writer's lock; one that fails is queued with its reason in a transaction of its own.
     */
    private int feedOneByOne(String reader) {
        int taken = 0;
        for (int i = 0; i < BATCH; i++) {
            Bookings.ChangedBooking next;
            try {
                next = transaction.execute(status -> {
                    store.lockBookingWriter(true);
                    List<Bookings.ChangedBooking> one = bookings.changedAfter(store.feedPosition(reader), 1);
                    writeChanged(reader, one);
                    return one.isEmpty() ? null : one.getFirst();
                });
            } catch (TransientDataAccessException | DataAccessResourceFailureException e) {
                throw e; // the database, not the change: the round ends and the next one tries again
            } catch (RuntimeException e) {
                queueFailed(reader, e);
                taken++;
                continue;
            }
            if (next == null) {
                return taken;
            }
            taken++;
        }
        return taken;
    }

    /** The next change in the feed failed on its own: queued with the reason, and the feed moves past it. */
    private void queueFailed(String reader, RuntimeException cause) {
        Instant now = clock.instant();
        transaction.executeWithoutResult(status -> {
            store.lockBookingWriter(true);
            for (Bookings.ChangedBooking change : bookings.changedAfter(store.feedPosition(reader), 1)) {
                store.queueFailed(change.booking().id(), change.bookedAt(), change.cancelledBy(), now,
                        String.valueOf(cause.getMessage()));
                store.moveFeed(reader, change.position());
            }
        });
        log.warn("A booking change for the reports failed and waits for another try: {}", cause.toString());
    }

    /** The feed's changes as they stand, and the feed moved past the last of them, in the caller's transaction. */
    private void writeChanged(String reader, List<Bookings.ChangedBooking> changed) {
        if (changed.isEmpty()) {
            return;
        }
        List<ReportStore.BookingChange> changes = new ArrayList<>(changed.size());
        for (Bookings.ChangedBooking c : changed) {
            changes.add(new ReportStore.BookingChange(row(c.booking()), c.bookedAt(), c.cancelledBy()));
        }
        store.putBookings(changes, clock.instant());
        store.moveFeed(reader, changed.getLast().position());
    }

    /** After a batch of queued changes failed: each of them in a transaction of its own, so one cannot hold up the rest. */
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
            changes.add(new ReportStore.BookingChange(row(b), change.bookedAt(), change.cancelledBy()));
        }
        store.putBookings(changes, clock.instant());
    }

    private static ReportStore.BookingRow row(Bookings.BookingSnapshot b) {
        return new ReportStore.BookingRow(b.id(), b.doctorId(), b.patientId(), b.status().name(), b.type(),
                b.paymentMethod(), b.amountMinor(), b.currency(), b.timeZone(), b.start());
    }

    private static Instant earliest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isBefore(b) ? a : b;
    }
}
