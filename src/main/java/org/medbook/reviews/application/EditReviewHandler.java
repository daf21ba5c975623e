package org.medbook.reviews.application;

import java.time.Clock;
import java.time.Instant;

import org.medbook.reviews.domain.Review;
import org.medbook.reviews.domain.Reviews;
import org.medbook.shared.MedbookException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

@Component
public class EditReviewHandler {

    private final Reviews reviews;
    private final RatingKeeper ratings;
    private final ReviewQueries queries;
    private final ReviewsProperties properties;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    EditReviewHandler(Reviews reviews, RatingKeeper ratings, ReviewQueries queries, ReviewsProperties properties,
            ApplicationEventPublisher events, Clock clock) {
        this.reviews = reviews;
        this.ratings = ratings;
        this.queries = queries;
        this.properties = properties;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    public ReviewView handle(EditReviewCommand command) {
        Review review = reviews.lockForBooking(command.bookingId())
                .orElseThrow(() -> MedbookException.notFound("Review"));
        Instant now = clock.instant();
        review.edit(command.patientId(), command.rating(), command.text(), command.anonymous(), properties.editWindow(),
                now).forEach(events::publishEvent);
        reviews.update(review);
        ratings.recount(review.doctorId(), now);
        return queries.ownReview(review);
    }
}
