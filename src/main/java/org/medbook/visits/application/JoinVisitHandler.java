package org.medbook.visits.application;

import java.util.List;
import java.util.UUID;

import org.medbook.visits.VisitEvents;
import org.medbook.visits.domain.VisitChange;
import org.springframework.stereotype.Component;

/** Joining: the patient waits until admitted, the doctor hears of it; each join goes to the audit trail. */
@Component
public class JoinVisitHandler {

    private final VisitChanges changes;

    JoinVisitHandler(VisitChanges changes) {
        this.changes = changes;
    }

    public void handle(JoinVisitCommand command) {
        changes.change(command.bookingId(), command.userId(), (visit, now) -> {
            List<VisitChange> joined = visit.join(command.userId(), command.sessionId(), now);
            String role = visit.roleOf(command.userId()).name();
            return new VisitChanges.Decision(joined, List.of(new VisitEvents.ParticipantJoined(UUID.randomUUID(), now,
                    command.bookingId(), command.userId(), role, command.clientIp())));
        });
    }
}
