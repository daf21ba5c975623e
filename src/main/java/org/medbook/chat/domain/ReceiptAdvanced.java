package org.medbook.chat.domain;

import java.util.UUID;

/** A participant's read or delivery mark moved forward to {@code upToSeq}. */
public record ReceiptAdvanced(ReceiptKind kind, UUID conversationId, UUID readerId, UUID otherParticipant, long upToSeq) {
}
