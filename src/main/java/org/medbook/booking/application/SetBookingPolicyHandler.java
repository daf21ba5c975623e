package org.medbook.booking.application;

import org.medbook.booking.domain.Appointments;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Stores a doctor's booking terms; they apply to new bookings, each booking keeps the terms it was made under. */
@Component
public class SetBookingPolicyHandler {

    private final Appointments appointments;
    private final BookingProperties properties;

    SetBookingPolicyHandler(Appointments appointments, BookingProperties properties) {
        this.appointments = appointments;
        this.properties = properties;
    }

    @Transactional
    public BookingQueries.PolicyView handle(SetBookingPolicyCommand command) {
        appointments.setPolicy(command.doctorId().value(), command.policy());
        return BookingQueries.PolicyView.of(command.policy(), properties);
    }
}
