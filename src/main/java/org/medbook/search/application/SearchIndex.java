package org.medbook.search.application;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import org.medbook.doctors.DoctorRatings;
import org.medbook.doctors.DoctorSnapshot;
import org.medbook.shared.PageView;

/** The stored read model. */
public interface SearchIndex {

    /** What the read model holds of one doctor. */
    record Entry(DoctorSnapshot doctor, String searchText, List<OfferedRuns.Run> runs, DoctorRatings.Rating rating) {
    }

    /**
     * Replaces each doctor's entry, points and offered runs (one doctor at most once), in a few
     * statements whatever their number.
     */
    void putAll(List<Entry> entries, Instant now);

    /** The figures the profile shows, copied as they are. */
    void rate(UUID doctorId, DoctorRatings.Rating rating);

    /** Drops those doctors' entries with their points and runs. */
    void removeAll(Collection<UUID> doctorIds);

    /** Serialises work on one doctor's entry until the caller's transaction ends (on every node). */
    void lockDoctor(UUID doctorId);

    /** {@link #lockDoctor} for each, in the order given (callers sort them, so two callers never wait in a cycle). */
    void lockDoctors(List<UUID> doctorIds);

    /** Doctors whose materialised runs are older than {@code before}, locked for this caller's transaction. */
    List<UUID> claimStale(Instant before, int limit);

    PageView<SearchResultView> search(DoctorSearch search, Instant now);
}
