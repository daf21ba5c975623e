package org.medbook.visits.application;

import java.util.List;
import java.util.UUID;

import org.medbook.visits.domain.Visits;
import org.springframework.stereotype.Component;

/** Leaving by hanging up, or because the socket closed: the stay ends and the other person hears of it. */
@Component
public class LeaveVisitHandler {

    private final VisitChanges changes;
    private final Visits visits;

    LeaveVisitHandler(VisitChanges changes, Visits visits) {
        this.changes = changes;
        this.visits = visits;
    }

    public void handle(LeaveVisitCommand command) {
        changes.changeExisting(command.bookingId(), (visit, now) -> {
            visit.roleOf(command.userId());
            return visit.leave(command.userId(), command.sessionId(), now);
        });
    }

    /** A socket closed: every stay it opened ends. */
    public void socketClosed(UUID userId, String sessionId) {
        List<UUID> bookings = visits.withSession(sessionId);
        for (UUID bookingId : bookings) {
            handle(new LeaveVisitCommand(bookingId, userId, sessionId));
        }
    }
}
