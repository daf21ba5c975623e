package org.medbook.chat.application;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The offline digest windows, one per conversation and recipient. */
public interface Digests {

    record Due(UUID conversationId, UUID recipientId, UUID otherParticipant, long unread) {
    }

    /** The recipient missed a message: a digest becomes pending unless one already is. */
    void missed(UUID conversationId, UUID recipientId, Instant now);

    /**
     * Pending digests pending since before {@code pendingBefore} whose last one went out before
     * {@code sentBefore}, locked for this transaction and skipped by other nodes.
     */
    List<Due> lockDue(Instant pendingBefore, Instant sentBefore, int limit);

    void sent(UUID conversationId, UUID recipientId, Instant now);

    void dropped(UUID conversationId, UUID recipientId);
}
