package org.medbook.chat.application;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

import org.medbook.chat.domain.ClientMessageId;
import org.medbook.chat.domain.MessageBody;
import org.medbook.shared.MedbookException;

/** A participant's message, named by the client's own id for it. */
public record SendMessageCommand(UUID conversationId, UUID senderId, ClientMessageId clientMessageId, MessageBody body,
                                 List<UUID> attachmentIds) {

    public static final int MAX_ATTACHMENTS = 10;

    public SendMessageCommand {
        Objects.requireNonNull(conversationId);
        Objects.requireNonNull(senderId);
        Objects.requireNonNull(clientMessageId);
        Objects.requireNonNull(body);
        attachmentIds = attachmentIds == null ? List.of() : List.copyOf(attachmentIds);
        if (attachmentIds.size() > MAX_ATTACHMENTS || attachmentIds.stream().distinct().count() != attachmentIds.size()) {
            throw MedbookException.badInput("invalid-attachments",
                    "attachmentIds lists at most " + MAX_ATTACHMENTS + " different attachments");
        }
    }

    /** From what a client sent; the sender comes from its token. */
    public static SendMessageCommand of(UUID conversationId, UUID senderId, String clientMessageId, String body,
            List<UUID> attachmentIds) {
        return new SendMessageCommand(conversationId, senderId, new ClientMessageId(clientMessageId),
                new MessageBody(body), attachmentIds);
    }
}
