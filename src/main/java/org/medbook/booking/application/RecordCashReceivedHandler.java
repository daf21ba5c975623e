package org.medbook.booking.application;

import org.medbook.booking.domain.Actor;
import org.medbook.booking.domain.Appointment;
import org.medbook.booking.domain.Appointments;
import org.medbook.payments.Payments;
import org.medbook.shared.MedbookException;
import org.medbook.shared.ProblemKind;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Cash collected at the visit, or waived. The booking itself does not change: the booking is locked to check the
 * caller (its patient may see it but not record cash, 403), and the payments module settles the payment and
 * publishes what happened.
 */
@Component
public class RecordCashReceivedHandler {

    private final Appointments appointments;
    private final Payments payments;

    RecordCashReceivedHandler(Appointments appointments, Payments payments) {
        this.appointments = appointments;
        this.payments = payments;
    }

    @Transactional
    public BookingView handle(RecordCashReceivedCommand command) {
        Appointment a = BookingAccess.lock(appointments, command.bookingId(), command.caller());
        if (BookingAccess.actorOf(a, command.caller()) == Actor.PATIENT) {
            throw new MedbookException(ProblemKind.FORBIDDEN, "forbidden", "Only the doctor or the back office records cash");
        }
        payments.settleCash(a.id(), command.waived(), command.caller().userId());
        return BookingView.of(a, payments.forBooking(a.id()).orElse(null));
    }
}
