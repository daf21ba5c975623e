package org.medbook.notifications.application;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.medbook.doctors.DoctorCards;
import org.medbook.doctors.DoctorCatalog;
import org.medbook.doctors.DoctorEvents;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Doctors as notifications show them (name, zone, practice addresses), read at most once a minute
 * per doctor on this node, and those a batch of notices needs read in one statement: a busy doctor's
 * bookings would otherwise read the same profile again for every notice, and a batch about many
 * doctors would read them one by one. Before each batch of notices the fan-out asks which doctors
 * changed since it last asked ({@link #catchUp}), on whichever node, and drops them: an erased doctor
 * is never named by a batch that started after the erasure committed, and a renamed one shows the new
 * name from the next batch (a change to a practice address alone, which is not the doctor's row,
 * within the minute).
 */
@Component
class RecentDoctors {

    static final Duration FRESH_FOR = Duration.ofMinutes(1);
    /**
     * Asked again, with each catch-up, from this long before the previous one: a row's time is taken
     * when its transaction writes it, and the transaction may commit later.
     */
    static final Duration OVERLAP = Duration.ofMinutes(1);
    static final int MAX_ENTRIES = 20_000;

    private record Entry(Optional<DoctorCards.Card> doctor, long readAt) {
    }

    private final DoctorCatalog catalog;
    private final DoctorCards cards;
    private final Map<UUID, Entry> entries = new ConcurrentHashMap<>();
    private Instant caughtUpAt;

    RecentDoctors(DoctorCatalog catalog, DoctorCards cards) {
        this.catalog = catalog;
        this.cards = cards;
    }

    Optional<DoctorCards.Card> find(UUID doctorId) {
        return findAll(Set.of(doctorId)).get(doctorId);
    }

    /** Every doctor asked for, by id (empty for an id that names no doctor); those not kept fresh read together. */
    Map<UUID, Optional<DoctorCards.Card>> findAll(Set<UUID> doctorIds) {
        long now = System.nanoTime();
        Map<UUID, Optional<DoctorCards.Card>> found = new HashMap<>();
        Set<UUID> missing = new HashSet<>();
        for (UUID id : doctorIds) {
            Entry entry = entries.get(id);
            if (entry != null && now - entry.readAt() < FRESH_FOR.toNanos()) {
                found.put(id, entry.doctor());
            } else {
                missing.add(id);
            }
        }
        if (missing.isEmpty()) {
            return found;
        }
        Map<UUID, DoctorCards.Card> read = cards.cardsOf(missing);
        if (entries.size() + missing.size() > MAX_ENTRIES) {
            entries.clear();
        }
        for (UUID id : missing) {
            Optional<DoctorCards.Card> doctor = Optional.ofNullable(read.get(id));
            entries.put(id, new Entry(doctor, now));
            found.put(id, doctor);
        }
        return found;
    }

    /**
     * Drops every kept doctor whose profile changed since the previous catch-up (less the overlap);
     * the first one drops everything kept.
     */
    synchronized void catchUp(Instant now) {
        if (caughtUpAt == null) {
            entries.clear();
        } else {
            catalog.changedSince(caughtUpAt.minus(OVERLAP)).forEach(entries::remove);
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
