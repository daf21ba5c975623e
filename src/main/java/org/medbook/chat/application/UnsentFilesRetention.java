package org.medbook.chat.application;

import java.time.Instant;

import org.medbook.shared.retention.RetentionTarget;
import org.springframework.stereotype.Component;

/** Files uploaded into a conversation and never sent: after their age nobody can send them any more. */
@Component
class UnsentFilesRetention implements RetentionTarget {

    private final Attachments attachments;

    UnsentFilesRetention(Attachments attachments) {
        this.attachments = attachments;
    }

    @Override
    public String name() {
        return "unsent-chat-files";
    }

    @Override
    public int purge(Instant before, int batch) {
        return attachments.purgeUnsent(before, batch);
    }
}
