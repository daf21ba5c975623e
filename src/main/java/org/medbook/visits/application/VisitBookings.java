package org.medbook.visits.application;

import java.util.UUID;

import org.medbook.booking.AppointmentStatus;
import org.medbook.booking.Bookings;
import org.medbook.booking.Bookings.BookingSnapshot;
import org.medbook.shared.MedbookException;
import org.medbook.shared.ProblemKind;
import org.medbook.visits.domain.VisitWindow;
import org.springframework.stereotype.Component;

/** The booking behind a visit: only VIDEO bookings that were confirmed have one. */
@Component
class VisitBookings {

    private final Bookings bookings;
    private final VisitsProperties properties;

    VisitBookings(Bookings bookings, VisitsProperties properties) {
        this.bookings = bookings;
        this.properties = properties;
    }

    /** The booking of a visit its caller takes part in; anybody else gets 404. */
    BookingSnapshot of(UUID bookingId, UUID caller) {
        BookingSnapshot booking = bookings.find(bookingId).filter(VisitBookings::hasVisit)
                .orElseThrow(() -> MedbookException.notFound("Visit"));
        if (!caller.equals(booking.patientId()) && !caller.equals(booking.doctorId())) {
            throw MedbookException.notFound("Visit");
        }
        return booking;
    }

    /** As {@link #of}, and the booking must still be confirmed for anybody to join. */
    BookingSnapshot joinable(UUID bookingId, UUID caller) {
        BookingSnapshot booking = of(bookingId, caller);
        if (booking.status() != AppointmentStatus.CONFIRMED) {
            throw new MedbookException(ProblemKind.CONFLICT, "visit-over",
                    "The booking is " + booking.status().name().toLowerCase().replace('_', ' ') + "; its visit is over");
        }
        return booking;
    }

    /** The booking of a visit, whoever asks (for closing stays); null when there is none. */
    BookingSnapshot any(UUID bookingId) {
        return bookings.find(bookingId).orElse(null);
    }

    VisitWindow window(BookingSnapshot booking) {
        return VisitWindow.around(booking.start(), booking.end(), properties.opensBefore(), properties.closesAfter());
    }

    static boolean hasVisit(BookingSnapshot booking) {
        return "VIDEO".equals(booking.type()) && (booking.status() == AppointmentStatus.CONFIRMED
                || booking.status() == AppointmentStatus.COMPLETED || booking.status() == AppointmentStatus.NO_SHOW);
    }
}
