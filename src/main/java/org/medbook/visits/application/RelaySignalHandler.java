package org.medbook.visits.application;

import java.time.Clock;
import java.util.UUID;

import org.medbook.booking.Bookings.BookingSnapshot;
import org.medbook.shared.MedbookException;
import org.medbook.shared.ProblemKind;
import org.medbook.visits.domain.Visit;
import org.medbook.visits.domain.Visits;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Passes a signal to the other person of the booking, and only while the visit is under way: inside
 * the window, after admission, before the end. Nothing is stored.
 */
@Component
public class RelaySignalHandler {

    private final VisitBookings bookings;
    private final Visits visits;
    private final VisitPushes pushes;
    private final Clock clock;

    RelaySignalHandler(VisitBookings bookings, Visits visits, VisitPushes pushes, Clock clock) {
        this.bookings = bookings;
        this.visits = visits;
        this.pushes = pushes;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public void handle(RelaySignalCommand command) {
        BookingSnapshot booking = bookings.joinable(command.bookingId(), command.fromUserId());
        Visit visit = visits.find(command.bookingId(), bookings.window(booking))
                .orElseThrow(() -> new MedbookException(ProblemKind.CONFLICT, "not-joined",
                        "Join the visit before signaling"));
        UUID to = visit.signalTarget(command.fromUserId(), clock.instant());
        pushes.relay(to, command.bookingId(), visit.roleOf(command.fromUserId()).name(), command.signal());
    }
}
