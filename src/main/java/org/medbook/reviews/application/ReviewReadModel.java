package org.medbook.reviews.application;

import java.util.Optional;
import java.util.UUID;

import org.medbook.shared.PageRequest;
import org.medbook.shared.PageView;

/** Reads of stored reviews; never writes. */
public interface ReviewReadModel {

    enum Sort { NEWEST, HIGHEST, LOWEST }

    /** Only visible reviews. */
    PageView<ReviewRow> visible(UUID doctorId, Sort sort, PageRequest page);

    /** Every review of the doctor, hidden ones included, newest first. */
    PageView<ReviewRow> ofDoctor(UUID doctorId, PageRequest page);

    /** For moderators: optionally only hidden or visible ones, only reported ones, one doctor's; most reported first. */
    PageView<ReviewRow> forModeration(Boolean hidden, boolean reportedOnly, UUID doctorId, PageRequest page);

    Optional<ReviewRow> byBooking(UUID bookingId);
}
