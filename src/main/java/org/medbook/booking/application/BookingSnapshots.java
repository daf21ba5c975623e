package org.medbook.booking.application;

import java.util.Optional;
import java.util.UUID;

import org.medbook.booking.Bookings;
import org.medbook.booking.domain.Appointments;
import org.springframework.stereotype.Component;

@Component
class BookingSnapshots implements Bookings {

    private final Appointments appointments;

    BookingSnapshots(Appointments appointments) {
        this.appointments = appointments;
    }

    @Override
    public Optional<BookingSnapshot> find(UUID bookingId) {
        return appointments.find(bookingId).map(a -> new BookingSnapshot(a.id(), a.status(), a.doctorId(),
                a.patientId(), a.start(), a.end(), a.type().name(), a.locationId(), a.timeZone(),
                a.paymentMethod().name(), a.price().amountMinor(), a.price().currency(), a.requiresApproval(),
                a.version()));
    }

    @Override
    public boolean everConfirmed(UUID patientId, UUID doctorId) {
        return appointments.everConfirmed(patientId, doctorId);
    }
}
