package org.medbook.booking.application;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import org.medbook.booking.BookingEvents;
import org.medbook.booking.domain.Appointments;
import org.medbook.payments.PaymentEvents;
import org.medbook.shared.EventIds;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Reacts to payments inside the transaction that records them, so a booking is confirmed in the
 * same commit as its captured payment. Money for a booking that has meanwhile expired or been
 * cancelled is never kept: a full refund is requested and the patient is to be told.
 */
@Component
class PaymentReactions {

    private final Appointments appointments;
    private final org.springframework.context.ApplicationEventPublisher events;
    private final Clock clock;

    PaymentReactions(Appointments appointments, org.springframework.context.ApplicationEventPublisher events, Clock clock) {
        this.appointments = appointments;
        this.events = events;
        this.clock = clock;
    }

    @EventListener
    void on(PaymentEvents.PaymentSucceeded paid) {
        appointments.lock(paid.bookingId()).ifPresent(a -> {
            Instant now = clock.instant();
            switch (a.paymentReceived()) {
                case CONFIRMED, AWAITING_APPROVAL -> {
                    appointments.update(a);
                    appointments.recordChange(a.id(), now, null, "PAID", null, null, null);
                    a.standing(now).ifPresent(events::publishEvent);
                }
                case REFUND_LATE_PAYMENT -> {
                    appointments.recordChange(a.id(), now, null, "LATE_PAYMENT_REFUNDED", null, null, null);
                    events.publishEvent(new PaymentEvents.RefundRequested(EventIds.next(now), now, a.id(),
                            paid.amountMinor(), "payment arrived after the booking was " + a.status(), null));
                    events.publishEvent(new BookingEvents.LatePaymentRefunded(EventIds.next(now), now, a.id(),
                            a.doctorId(), a.patientId(), paid.amountMinor(), paid.currency()));
                }
                case ALREADY_APPLIED -> {
                }
            }
        });
    }

}
