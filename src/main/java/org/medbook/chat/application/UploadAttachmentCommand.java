package org.medbook.chat.application;

import java.util.Objects;
import java.util.UUID;

/** A file a participant uploads into a conversation, to send with a message afterwards. */
public record UploadAttachmentCommand(UUID conversationId, UUID uploaderId, String name, long size,
                                      ContentSource content) {

    /** The upload's bytes, read only once its declared size passed the limit. */
    public interface ContentSource {
        byte[] read();
    }

    public UploadAttachmentCommand {
        Objects.requireNonNull(conversationId);
        Objects.requireNonNull(uploaderId);
        Objects.requireNonNull(content);
    }
}
