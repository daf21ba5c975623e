package org.medbook.chat.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A stored message: its place in the conversation ({@code seq}) is fixed when it is stored. */
public record ChatMessage(UUID id, UUID conversationId, long seq, UUID senderId, String clientMessageId, String body,
                          List<UUID> attachmentIds, Instant sentAt) {

    public ChatMessage {
        attachmentIds = List.copyOf(attachmentIds);
    }
}
