package org.medbook.booking.application;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.medbook.booking.Bookings;
import org.medbook.booking.domain.Appointment;
import org.medbook.booking.domain.Appointments;
import org.medbook.shared.PageRequest;
import org.springframework.stereotype.Component;

@Component
class BookingSnapshots implements Bookings {

    private final Appointments appointments;
    private final BookingQueries.BookingDirectory directory;

    BookingSnapshots(Appointments appointments, BookingQueries.BookingDirectory directory) {
        this.appointments = appointments;
        this.directory = directory;
    }

    @Override
    public Optional<BookingSnapshot> find(UUID bookingId) {
        return appointments.find(bookingId).map(BookingSnapshots::snapshot);
    }

    @Override
    public List<BookingSnapshot> findAll(List<UUID> bookingIds) {
        return appointments.findAll(bookingIds).stream().map(BookingSnapshots::snapshot).toList();
    }

    @Override
    public List<BookingSnapshot> ofDoctorStartingBetween(UUID doctorId, Instant from, Instant to) {
        return directory.list(new BookingQueries.Filter(null, doctorId, null, false, from, to, null, false),
                new PageRequest(0, PageRequest.MAX_SIZE)).items().stream().map(BookingSnapshots::snapshot).toList();
    }

    @Override
    public List<ChangedBooking> changedAfter(FeedPosition after, int limit) {
        return appointments.changedAfter(after, limit);
    }

    private static BookingSnapshot snapshot(Appointment a) {
        return new BookingSnapshot(a.id(), a.status(), a.doctorId(),
                a.patientId(), a.start(), a.end(), a.type().name(), a.locationId(), a.timeZone(),
                a.paymentMethod().name(), a.price().amountMinor(), a.price().currency(), a.requiresApproval(),
                a.version());
    }

    @Override
    public boolean everConfirmed(UUID patientId, UUID doctorId) {
        return appointments.everConfirmed(patientId, doctorId);
    }
}
