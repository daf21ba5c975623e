package org.medbook.chat.application;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A message as REST answers it and as every push carries it. */
public record MessageView(UUID id, UUID conversationId, long seq, UUID senderId, String clientMessageId, String body,
                          List<AttachmentView> attachments, Instant sentAt) {

    public MessageView {
        attachments = List.copyOf(attachments);
    }
}
