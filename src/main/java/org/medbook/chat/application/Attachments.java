package org.medbook.chat.application;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Uploaded files: what is known of them, and their content behind a storage (PostgreSQL by default). */
public interface Attachments {

    record StoredAttachment(UUID id, UUID conversationId, UUID uploaderId, String name, String contentType, long size,
                            UUID messageId) {
    }

    void add(StoredAttachment attachment, byte[] content, Instant now);

    Optional<StoredAttachment> find(UUID id);

    byte[] content(UUID id);

    /**
     * Binds files the sender uploaded into the conversation, and not yet sent, to a message; false
     * (binding none) when any of them is not such a file.
     */
    boolean bind(List<UUID> ids, UUID conversationId, UUID senderId, UUID messageId);

    /**
     * Deletes at most {@code batch} files, with their content, that were uploaded before {@code before}
     * and never sent in a message; returns how many. A file being bound to a message right now is left.
     */
    int purgeUnsent(Instant before, int batch);
}
