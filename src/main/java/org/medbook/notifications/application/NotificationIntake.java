package org.medbook.notifications.application;

import java.time.Clock;
import java.time.Instant;
import java.lang.reflect.RecordComponent;
import java.util.UUID;
import java.util.function.Function;

import org.medbook.booking.BookingEvents;
import org.medbook.chat.ChatEvents;
import org.medbook.doctors.DoctorEvents;
import org.medbook.identity.IdentityEvents;
import org.medbook.payments.PaymentEvents;
import org.medbook.reviews.ReviewEvents;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Stores each event that may notify somebody in the publisher's own transaction: one row, no reads,
 * nothing sent. A crash after the commit loses nothing (the row is there); a rollback takes the row
 * with it. The fan-out runs after commit, on this node at once and on any node within a poll.
 */
@Component
class NotificationIntake {

    private final NotificationStore store;
    private final EventCodec codec;
    private final Nudges nudges;
    private final NotificationsProperties properties;
    private final Clock clock;

    NotificationIntake(NotificationStore store, EventCodec codec, Nudges nudges, NotificationsProperties properties,
            Clock clock) {
        this.store = store;
        this.codec = codec;
        this.nudges = nudges;
        this.properties = properties;
        this.clock = clock;
    }

    /** Every event type the rules know ({@link NotificationRules#ACCEPTED}); nothing else is stored. */
    @EventListener(classes = {BookingEvents.BookingEvent.class, PaymentEvents.PaymentSucceeded.class,
            PaymentEvents.PaymentFailed.class, PaymentEvents.PaymentRefunded.class, PaymentEvents.DisputeChanged.class, PaymentEvents.DisputeDueSoon.class,
            DoctorEvents.DoctorVerificationDecided.class, DoctorEvents.DoctorSuspensionChanged.class,
            IdentityEvents.TemporaryPasswordIssued.class, IdentityEvents.PasswordChanged.class,
            IdentityEvents.RefreshTokenReused.class, IdentityEvents.UserSuspended.class,
            IdentityEvents.AuthenticatorRemoved.class, IdentityEvents.PasskeyRemoved.class,
            IdentityEvents.PersonalDataExportReady.class, ChatEvents.UnreadMessagesWaiting.class, ReviewEvents.ReviewPosted.class,
            ReviewEvents.ReviewInvitationDue.class})
    void on(Object event) {
        if (properties.enabled() && codec.accepts(event)) {
            keep(EVENT_IDS.get(event.getClass()).apply(event), event);
        }
    }

    /** Reminders come from the reminder job, already in its transaction. */
    void keep(ReminderDue reminder) {
        store.storeEvent(reminder.eventId(), codec.type(reminder), codec.encode(reminder), clock.instant());
    }

    private void keep(UUID eventId, Object event) {
        Instant now = clock.instant();
        store.storeEvent(eventId, codec.type(event), codec.encode(event), now);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    nudges.fanOut();
                }
            });
        } else {
            nudges.fanOut();
        }
    }

    /** Every event record names its occurrence in an {@code eventId} component: that is the row's key. */
    private static final ClassValue<Function<Object, UUID>> EVENT_IDS = new ClassValue<>() {
        @Override
        protected Function<Object, UUID> computeValue(Class<?> type) {
            RecordComponent id = java.util.Arrays.stream(type.getRecordComponents() == null ? new RecordComponent[0]
                            : type.getRecordComponents())
                    .filter(component -> component.getName().equals("eventId") && component.getType() == UUID.class)
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(type.getName() + " has no eventId"));
            return event -> {
                try {
                    return (UUID) id.getAccessor().invoke(event);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("Cannot read the eventId of " + type.getName(), e);
                }
            };
        }
    };
}
