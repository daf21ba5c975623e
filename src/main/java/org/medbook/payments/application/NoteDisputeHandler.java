package org.medbook.payments.application;

import java.time.Clock;

import org.medbook.shared.MedbookException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

@Component
public class NoteDisputeHandler {

    private final DisputeStore disputes;
    private final Clock clock;

    NoteDisputeHandler(DisputeStore disputes, Clock clock) {
        this.disputes = disputes;
        this.clock = clock;
    }

    @Transactional
    public void handle(NoteDisputeCommand command) {
        if (!disputes.note(command.disputeId(), command.note(), clock.instant())) {
            throw MedbookException.notFound("Dispute");
        }
    }
}
