package org.medbook.reviews.application;

import java.time.Clock;

import org.medbook.reviews.domain.Review;
import org.medbook.reviews.domain.Reviews;
import org.medbook.shared.MedbookException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

@Component
public class ReplyToReviewHandler {

    private final Reviews reviews;
    private final ReviewQueries queries;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ReplyToReviewHandler(Reviews reviews, ReviewQueries queries, ApplicationEventPublisher events, Clock clock) {
        this.reviews = reviews;
        this.queries = queries;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    public ReviewView handle(ReplyToReviewCommand command) {
        Review review = reviews.lock(command.reviewId()).orElseThrow(() -> MedbookException.notFound("Review"));
        review.reply(command.doctorId(), command.text(), clock.instant()).forEach(events::publishEvent);
        reviews.update(review);
        return queries.staffView(review);
    }
}
