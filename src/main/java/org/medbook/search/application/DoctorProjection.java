package org.medbook.search.application;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.medbook.doctors.DoctorCatalog;
import org.medbook.doctors.DoctorEvents;
import org.medbook.doctors.DoctorRatings;
import org.medbook.doctors.DoctorSnapshot;
import org.medbook.doctors.OfferedTime;
import org.medbook.reviews.ReviewEvents;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Keeps the search read model in step with the doctors module. Every doctor event triggers a full
 * re-read of that doctor, so events may arrive twice or out of order without harm. The offered time
 * is also re-materialised periodically, because time alone moves the booking horizon. Bookings are
 * not followed at all: search subtracts booked time from the appointments when it asks.
 */
@Component
public class DoctorProjection {

    /** How far ahead offered time is materialised for search. */
    static final Duration SLOT_WINDOW = Duration.ofDays(42);
    static final Duration SLOT_FRESHNESS = Duration.ofHours(6);

    private final DoctorCatalog catalog;
    private final SearchIndex index;
    private final ObjectProvider<DoctorRatings> ratings;
    private final Clock clock;

    DoctorProjection(DoctorCatalog catalog, SearchIndex index, ObjectProvider<DoctorRatings> ratings, Clock clock) {
        this.ratings = ratings;
        this.catalog = catalog;
        this.index = index;
        this.clock = clock;
    }

    @ApplicationModuleListener
    void on(DoctorEvents.DoctorEvent event) {
        refresh(event.doctorId());
    }

    @Transactional
    public void refresh(UUID doctorId) {
        update(List.of(doctorId));
    }

    /**
     * Several doctors in one transaction, locked in id order (so two batches never wait on each
     * other in a cycle): a bulk rebuild pays one commit per batch instead of one per doctor, and a
     * few statements per batch instead of a dozen per doctor.
     */
    @Transactional
    public void refreshAll(List<UUID> doctorIds) {
        update(doctorIds.stream().distinct().sorted().toList());
    }

    private void update(List<UUID> doctorIds) {
        if (doctorIds.isEmpty()) {
            return;
        }
        // One refresh per doctor at a time, and the read happens under the lock: a refresh that read
        // older facts can never write after one that read newer ones.
        index.lockDoctors(doctorIds);
        Instant now = clock.instant();
        List<OfferedTime> offered = catalog.offeredTimes(doctorIds, now, now.plus(SLOT_WINDOW)).stream()
                .filter(time -> time.doctor().bookable()).toList();
        Set<UUID> kept = offered.stream().map(time -> time.doctor().id()).collect(Collectors.toSet());
        index.removeAll(doctorIds.stream().filter(id -> !kept.contains(id)).toList());
        Map<UUID, DoctorRatings.Rating> ratings = ratingsOf(kept);
        index.putAll(offered.stream().map(time -> entry(time, ratings.get(time.doctor().id()))).toList(), now);
    }

    private static SearchIndex.Entry entry(OfferedTime offered, DoctorRatings.Rating rating) {
        DoctorSnapshot doctor = offered.doctor();
        String text = TextNormalizer.normalise(doctor.name() + " " + String.join(" ", doctor.specialties()) + " "
                + String.join(" ", doctor.specialtyNames()));
        return new SearchIndex.Entry(doctor, text, OfferedRuns.of(offered.slots()), rating);
    }

    /**
     * Re-reads the figures rather than trusting the event's copy, under the doctor's lock: events
     * handled late or twice still leave the latest figures.
     */
    @ApplicationModuleListener
    void on(ReviewEvents.DoctorRatingChanged event) {
        index.lockDoctor(event.doctorId());
        index.rate(event.doctorId(), ratingOf(event.doctorId()));
    }

    private DoctorRatings.Rating ratingOf(UUID doctorId) {
        DoctorRatings source = ratings.getIfAvailable();
        return source == null ? DoctorRatings.Rating.NONE : source.of(doctorId);
    }

    private Map<UUID, DoctorRatings.Rating> ratingsOf(Set<UUID> doctorIds) {
        DoctorRatings source = ratings.getIfAvailable();
        if (source != null) {
            return source.of(doctorIds);
        }
        return doctorIds.stream().collect(Collectors.toMap(id -> id, id -> DoctorRatings.Rating.NONE));
    }

    /** Cluster-safe: each node claims a different batch (SKIP LOCKED). */
    @Scheduled(fixedDelayString = "${medbook.search.slot-refresh-every:PT5M}", initialDelayString = "PT2M")
    @Transactional
    public void refreshStaleSlots() {
        Instant now = clock.instant();
        refreshAll(index.claimStale(now.minus(SLOT_FRESHNESS), 200));
    }
}
