package org.medbook.doctors.application;

import org.medbook.doctors.domain.VerificationStatus;
import org.medbook.shared.PageRequest;
import org.medbook.shared.PageView;

/** The back office's list of doctors. */
public interface DoctorDirectory {

    record Filter(VerificationStatus status, Boolean unresolvedLocations) {
    }

    PageView<DoctorView> list(Filter filter, PageRequest page);

    java.util.List<java.util.UUID> bookableIds(java.util.UUID after, int limit);

    /** Doctors whose row changed at or after {@code since}. */
    java.util.Set<java.util.UUID> changedSince(java.time.Instant since);
}
