package org.medbook.reviews.application;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import org.medbook.reviews.ReviewEvents;
import org.medbook.reviews.domain.Review;
import org.medbook.reviews.domain.ReviewText;
import org.medbook.reviews.domain.Reviews;
import org.medbook.shared.MedbookException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** A report is kept once per reporter; reporting again changes nothing. Hidden reviews cannot be reported. */
@Component
public class ReportReviewHandler {

    private final Reviews reviews;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ReportReviewHandler(Reviews reviews, ApplicationEventPublisher events, Clock clock) {
        this.reviews = reviews;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    public void handle(ReportReviewCommand command) {
        Review review = reviews.lock(command.reviewId()).filter(r -> !r.hidden())
                .orElseThrow(() -> MedbookException.notFound("Review"));
        String reason = ReviewText.of(command.reason());
        if (reason == null) {
            throw MedbookException.badInput("reason-required", "A report needs a reason");
        }
        Instant now = clock.instant();
        if (reviews.report(review.id(), command.reporterId(), reason, now)) {
            events.publishEvent(new ReviewEvents.ReviewReported(UUID.randomUUID(), now, review.id(), review.doctorId(),
                    reason, command.reporterId(), command.clientIp()));
        }
    }
}
