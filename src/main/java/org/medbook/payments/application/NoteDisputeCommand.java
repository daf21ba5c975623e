package org.medbook.payments.application;

import java.util.Objects;
import java.util.UUID;

/** The back office's note on a dispute (e.g. what evidence was sent). */
public record NoteDisputeCommand(UUID disputeId, String note) {

    public NoteDisputeCommand {
        Objects.requireNonNull(disputeId);
    }
}
