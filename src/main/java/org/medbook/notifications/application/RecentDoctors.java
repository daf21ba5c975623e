package org.medbook.notifications.application;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.medbook.doctors.DoctorCatalog;
import org.medbook.doctors.DoctorEvents;
import org.medbook.doctors.DoctorSnapshot;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Doctors as notifications show them (name, zone, practice addresses), read at most once a minute
 * per doctor on this node: a busy doctor's bookings would otherwise read the same profile, its
 * specialties, fees and locations again for every notice. Before each batch of notices the fan-out
 * asks which doctors changed since it last asked ({@link #catchUp}), on whichever node, and drops
 * them: an erased doctor is never named by a batch that started after the erasure committed, and a
 * renamed one shows the new name from the next batch (a change to a practice address alone, which
 * is not the doctor's row, within the minute).
 */
@Component
class RecentDoctors {

    static final Duration FRESH_FOR = Duration.ofMinutes(1);
    /**
     * Asked again, with each catch-up, from this long before the previous one: a row's time is taken
     * when its transaction writes it, and the transaction may commit later.
     */
    static final Duration OVERLAP = Duration.ofMinutes(1);
    private static final int MAX_ENTRIES = 20_000;

    private record Entry(Optional<DoctorSnapshot> doctor, long readAt) {
    }

    private final DoctorCatalog doctors;
    private final Map<UUID, Entry> entries = new ConcurrentHashMap<>();
    private Instant caughtUpAt;

    RecentDoctors(DoctorCatalog doctors) {
        this.doctors = doctors;
    }

    Optional<DoctorSnapshot> find(UUID doctorId) {
        long now = System.nanoTime();
        Entry entry = entries.get(doctorId);
        if (entry != null && now - entry.readAt() < FRESH_FOR.toNanos()) {
            return entry.doctor();
        }
        Optional<DoctorSnapshot> doctor = doctors.find(doctorId);
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(doctorId, new Entry(doctor, now));
        return doctor;
    }

    /**
     * Drops every kept doctor whose profile changed since the previous catch-up (less the overlap);
     * the first one drops everything kept.
     */
    synchronized void catchUp(Instant now) {
        if (caughtUpAt == null) {
            entries.clear();
        } else {
            doctors.changedSince(caughtUpAt.minus(OVERLAP)).forEach(entries::remove);
        }
        caughtUpAt = now;
    }

    /**
     * An erased doctor's name must not reach a notice written after the erasure, such as those of the
     * bookings it cancelled: the entry goes when the erasure is published, and again once it has
     * committed, in case a notice read the old profile in between.
     */
    @EventListener
    void on(DoctorEvents.DoctorErased erased) {
        entries.remove(erased.doctorId());
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void afterCommit(DoctorEvents.DoctorErased erased) {
        entries.remove(erased.doctorId());
    }
}
