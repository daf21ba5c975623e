package org.medbook.visits.application;

import java.util.List;
import java.util.UUID;

import org.medbook.visits.VisitEvents;
import org.springframework.stereotype.Component;

/** The doctor ends the visit for both; nobody can join it again. */
@Component
public class EndVisitHandler {

    private final VisitChanges changes;

    EndVisitHandler(VisitChanges changes) {
        this.changes = changes;
    }

    public void handle(EndVisitCommand command) {
        changes.change(command.bookingId(), command.doctorId(), (visit, now) -> new VisitChanges.Decision(
                visit.end(command.doctorId(), now), List.of(new VisitEvents.VisitEnded(UUID.randomUUID(), now,
                        command.bookingId(), command.doctorId(), command.clientIp()))));
    }
}
