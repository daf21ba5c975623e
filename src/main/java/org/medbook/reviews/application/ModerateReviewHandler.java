package org.medbook.reviews.application;

import java.time.Clock;
import java.time.Instant;

import org.medbook.reviews.domain.Review;
import org.medbook.reviews.domain.Reviews;
import org.medbook.shared.MedbookException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Hiding takes the review out of the public list and the average in the same transaction. */
@Component
public class ModerateReviewHandler {

    private final Reviews reviews;
    private final RatingKeeper ratings;
    private final ReviewQueries queries;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ModerateReviewHandler(Reviews reviews, RatingKeeper ratings, ReviewQueries queries, ApplicationEventPublisher events,
            Clock clock) {
        this.reviews = reviews;
        this.ratings = ratings;
        this.queries = queries;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    public ReviewView handle(ModerateReviewCommand command) {
        Review review = reviews.lock(command.reviewId()).orElseThrow(() -> MedbookException.notFound("Review"));
        Instant now = clock.instant();
        review.moderate(command.hide(), command.reason(), command.actorId(), command.clientIp(), now)
                .forEach(events::publishEvent);
        reviews.update(review);
        ratings.recount(review.doctorId(), now);
        return queries.staffView(review);
    }
}
