package org.medbook.chat.domain;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Where conversations live. */
public interface Conversations {

    Optional<Conversation> find(UUID id);

    /** Loads it holding its row until the transaction ends: the one writer of its next seq. */
    Optional<Conversation> lock(UUID id);

    /**
     * Loads it holding its row, as {@link #lock} does, with the message the sender already stored
     * under this client id, in whichever conversation, in the same round trip. A message committed
     * while this waited for the row may not be seen: {@link #append} tells.
     */
    Optional<Locked> lockForMessage(UUID id, UUID senderId, String clientMessageId);

    /** A held conversation and the sender's earlier message with the same client id, if any. */
    record Locked(Conversation conversation, Optional<ChatMessage> earlier) {
    }

    Optional<Conversation> findPair(UUID patientId, UUID doctorId);

    /** Adds it unless the pair already has one; true when this call added it. */
    boolean addIfAbsent(Conversation conversation, Instant now);

    void updateStatus(Conversation conversation, Instant now);

    /**
     * Stores the message and the conversation's new last seq; the other side has one more unread.
     * False, storing nothing, when the sender's client id already names a stored message (a resend
     * that raced its original): the original is then committed and can be read.
     */
    boolean append(Conversation conversation, ChatMessage message);

    /** Stores the reader's marks and recounts what they have not read. */
    void updateMarks(Conversation conversation, UUID readerId);
}
