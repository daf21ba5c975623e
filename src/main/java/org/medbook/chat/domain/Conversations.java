package org.medbook.chat.domain;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Where conversations live. */
public interface Conversations {

    Optional<Conversation> find(UUID id);

    /** Loads it holding its row until the transaction ends: the one writer of its next seq. */
    Optional<Conversation> lock(UUID id);

    Optional<Conversation> findPair(UUID patientId, UUID doctorId);

    /** Adds it unless the pair already has one; true when this call added it. */
    boolean addIfAbsent(Conversation conversation, Instant now);

    void updateStatus(Conversation conversation, Instant now);

    /** Stores the message and the conversation's new last seq; the other side has one more unread. */
    void append(Conversation conversation, ChatMessage message);

    /** Stores the reader's marks and recounts what they have not read. */
    void updateMarks(Conversation conversation, UUID readerId);
}
