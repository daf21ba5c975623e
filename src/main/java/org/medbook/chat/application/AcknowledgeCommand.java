package org.medbook.chat.application;

import java.util.Objects;
import java.util.UUID;

import org.medbook.chat.domain.ReceiptKind;
import org.medbook.shared.MedbookException;

/** A participant received or read everything up to and including {@code upToSeq}. */
public record AcknowledgeCommand(UUID conversationId, UUID readerId, ReceiptKind kind, Long upToSeq) {

    public AcknowledgeCommand {
        Objects.requireNonNull(conversationId);
        Objects.requireNonNull(readerId);
        Objects.requireNonNull(kind);
        if (upToSeq == null) {
            throw MedbookException.badInput("validation-failed", "upToSeq is required");
        }
    }
}
