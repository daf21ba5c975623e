package org.medbook.search.application;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.medbook.doctors.DoctorRatings;
import org.medbook.doctors.DoctorSnapshot;
import org.medbook.shared.PageView;

/** The stored read model. */
public interface SearchIndex {

    /** Replaces the doctor's entry, points and offered runs. */
    void put(DoctorSnapshot doctor, String searchText, List<OfferedRuns.Run> runs, DoctorRatings.Rating rating, Instant now);

    /** The figures the profile shows, copied as they are. */
    void rate(UUID doctorId, DoctorRatings.Rating rating);

    void remove(UUID doctorId);

    /** Serialises work on one doctor's entry until the caller's transaction ends (on every node). */
    void lockDoctor(UUID doctorId);

    /** Doctors whose materialised runs are older than {@code before}, locked for this caller's transaction. */
    List<UUID> claimStale(Instant before, int limit);

    PageView<SearchResultView> search(DoctorSearch search, Instant now);
}
