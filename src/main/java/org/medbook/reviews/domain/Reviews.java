package org.medbook.reviews.domain;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.medbook.doctors.DoctorRatings;

/** Where reviews are kept, and the average and count derived from them. */
public interface Reviews {

    Optional<Review> lock(UUID reviewId);

    boolean existsForBooking(UUID bookingId);

    Optional<Review> lockForBooking(UUID bookingId);

    /** Inserts; false when the booking already has a review (a concurrent first review won). */
    boolean add(Review review);

    void update(Review review);

    /** Recounts the doctor's visible reviews, stores and returns the figures. */
    DoctorRatings.Rating recount(UUID doctorId, Instant now);

    /** One report per reporter and review; false when this reporter had already reported it. */
    boolean report(UUID reviewId, UUID reporterId, String reason, Instant now);
}
