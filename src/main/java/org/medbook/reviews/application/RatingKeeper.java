package org.medbook.reviews.application;

import java.time.Instant;
import java.util.UUID;

import org.medbook.doctors.DoctorRatings;
import org.medbook.reviews.ReviewEvents;
import org.medbook.reviews.domain.Reviews;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Recounts a doctor's average in the transaction that changed one of their reviews, so the profile
 * shows the new figure as soon as it commits, and tells the search read model.
 */
@Component
class RatingKeeper {

    private final Reviews reviews;
    private final ApplicationEventPublisher events;

    RatingKeeper(Reviews reviews, ApplicationEventPublisher events) {
        this.reviews = reviews;
        this.events = events;
    }

    void recount(UUID doctorId, Instant now) {
        DoctorRatings.Rating rating = reviews.recount(doctorId, now);
        events.publishEvent(new ReviewEvents.DoctorRatingChanged(UUID.randomUUID(), now, doctorId, rating.average(),
                rating.count()));
    }
}
