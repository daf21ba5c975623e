package org.medbook.chat;

import java.time.Instant;
import java.util.UUID;

/** Facts of the chat module other modules may react to. */
public final class ChatEvents {

    private ChatEvents() {
    }

    /**
     * A participant with no open socket has messages waiting in a conversation: the digest of one
     * window (at most one per conversation and recipient per window). Never carries a message body.
     *
     * @param unreadCount how many messages of the conversation the recipient has not read
     */
    public record UnreadMessagesWaiting(UUID eventId, Instant occurredAt, UUID conversationId, UUID recipientId,
                                        UUID senderId, long unreadCount) {
    }
}
