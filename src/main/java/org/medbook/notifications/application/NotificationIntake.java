package org.medbook.notifications.application;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import org.medbook.booking.BookingEvents;
import org.medbook.doctors.DoctorEvents;
import org.medbook.identity.IdentityEvents;
import org.medbook.payments.PaymentEvents;
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

    @EventListener
    void on(BookingEvents.BookingEvent event) {
        keep(eventIdOf(event), event);
    }

    @EventListener
    void on(PaymentEvents.PaymentSucceeded event) {
        keep(event.eventId(), event);
    }

    @EventListener
    void on(PaymentEvents.PaymentFailed event) {
        keep(event.eventId(), event);
    }

    @EventListener
    void on(PaymentEvents.PaymentRefunded event) {
        keep(event.eventId(), event);
    }

    @EventListener
    void on(PaymentEvents.DisputeChanged event) {
        keep(event.eventId(), event);
    }

    @EventListener
    void on(DoctorEvents.DoctorVerificationDecided event) {
        keep(event.eventId(), event);
    }

    @EventListener
    void on(DoctorEvents.DoctorSuspensionChanged event) {
        keep(event.eventId(), event);
    }

    @EventListener
    void on(IdentityEvents.TemporaryPasswordIssued event) {
        keep(event.eventId(), event);
    }

    @EventListener
    void on(IdentityEvents.PasswordChanged event) {
        keep(event.eventId(), event);
    }

    @EventListener
    void on(IdentityEvents.RefreshTokenReused event) {
        keep(event.eventId(), event);
    }

    @EventListener
    void on(IdentityEvents.UserSuspended event) {
        keep(event.eventId(), event);
    }

    /** Reminders come from the reminder job, already in its transaction. */
    void keep(ReminderDue reminder) {
        store.storeEvent(reminder.eventId(), codec.type(reminder), codec.encode(reminder), clock.instant());
    }

    private void keep(UUID eventId, Object event) {
        if (!properties.enabled() || !codec.accepts(event)) {
            return;
        }
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

    private static UUID eventIdOf(BookingEvents.BookingEvent event) {
        return switch (event) {
            case BookingEvents.AppointmentHeld e -> e.eventId();
            case BookingEvents.AppointmentConfirmed e -> e.eventId();
            case BookingEvents.AppointmentAwaitingApproval e -> e.eventId();
            case BookingEvents.AppointmentDeclined e -> e.eventId();
            case BookingEvents.AppointmentCancelled e -> e.eventId();
            case BookingEvents.AppointmentRescheduled e -> e.eventId();
            case BookingEvents.AppointmentExpired e -> e.eventId();
            case BookingEvents.AppointmentAttended e -> e.eventId();
            case BookingEvents.LatePaymentRefunded e -> e.eventId();
            case BookingEvents.BookingManagedByStaff e -> e.eventId();
            default -> UUID.randomUUID();
        };
    }
}
