package org.medbook.reviews.application;

import java.time.Clock;
import java.time.Instant;

import org.medbook.booking.AppointmentStatus;
import org.medbook.booking.Bookings;
import org.medbook.reviews.domain.Review;
import org.medbook.reviews.domain.Reviews;
import org.medbook.shared.MedbookException;
import org.medbook.shared.ProblemKind;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

@Component
public class WriteReviewHandler {

    private final Bookings bookings;
    private final Reviews reviews;
    private final RatingKeeper ratings;
    private final ReviewQueries queries;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    WriteReviewHandler(Bookings bookings, Reviews reviews, RatingKeeper ratings, ReviewQueries queries,
            ApplicationEventPublisher events, Clock clock) {
        this.bookings = bookings;
        this.reviews = reviews;
        this.ratings = ratings;
        this.queries = queries;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    public ReviewView handle(WriteReviewCommand command) {
        Bookings.BookingSnapshot booking = bookings.find(command.bookingId())
                .orElseThrow(() -> MedbookException.notFound("Booking"));
        Instant now = clock.instant();
        Review.Visit visit = new Review.Visit(booking.id(), booking.doctorId(), booking.patientId(),
                booking.status() == AppointmentStatus.COMPLETED, booking.start());
        Review.Written written = Review.write(visit, command.patientId(), reviews.existsForBooking(booking.id()),
                command.rating(), command.text(), command.anonymous(), now);
        if (!reviews.add(written.review())) {
            throw new MedbookException(ProblemKind.RULE_BROKEN, "already-reviewed",
                    "This visit has already been reviewed; edit the review instead");
        }
        written.events().forEach(events::publishEvent);
        ratings.recount(booking.doctorId(), now);
        return queries.ownReview(written.review());
    }
}
