package org.medbook.reviews.application;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.medbook.booking.BookingEvents;
import org.medbook.reviews.ReviewEvents;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A completed visit's patient is invited to review it once, {@code medbook.reviews.invite-after}
 * after completion, unless they reviewed it already. The due invitation becomes an event in the
 * transaction that marks it sent, so it fires once whatever the number of nodes.
 */
@Component
class ReviewInvitations {

    private static final int BATCH = 200;

    private final ReviewInvitationStore store;
    private final ReviewsProperties properties;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transaction;
    private final Clock clock;

    ReviewInvitations(ReviewInvitationStore store, ReviewsProperties properties, ApplicationEventPublisher events,
            PlatformTransactionManager transactions, Clock clock) {
        this.store = store;
        this.properties = properties;
        this.events = events;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    @ApplicationModuleListener
    void on(BookingEvents.AppointmentAttended attended) {
        if (attended.showedUp()) {
            store.schedule(attended.bookingId(), attended.doctorId(), attended.patientId(),
                    attended.occurredAt().plus(properties.inviteAfter()));
        }
    }

    @Scheduled(fixedDelayString = "${medbook.reviews.invitation-poll-every:PT1M}", initialDelayString = "PT1S")
    void sendDue() {
        int sent;
        do {
            Integer batch = transaction.execute(status -> {
                Instant now = clock.instant();
                List<ReviewInvitationStore.Due> due = store.takeDue(now, BATCH);
                due.forEach(d -> events.publishEvent(new ReviewEvents.ReviewInvitationDue(idOf(d.bookingId()), now,
                        d.bookingId(), d.doctorId(), d.patientId())));
                return due.size();
            });
            sent = batch == null ? 0 : batch;
        } while (sent == BATCH);
    }

    /** One id per visit: the notifications module stores an event once. */
    static UUID idOf(UUID bookingId) {
        return UUID.nameUUIDFromBytes(("review-invitation:" + bookingId).getBytes(StandardCharsets.UTF_8));
    }
}
