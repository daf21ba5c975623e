package org.medbook.chat.domain;

import java.util.Optional;
import java.util.UUID;

/** Stored messages, by the sender's own id for them. */
public interface ChatMessages {

    Optional<ChatMessage> findByClientId(UUID senderId, String clientMessageId);
}
