package org.medbook.payments.application;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Staff answer a dispute at the provider: send evidence (text and files, optionally submitting it
 * for review) or accept it.
 */
public record AnswerDisputeCommand(UUID disputeId, Answer answer, String text, List<EvidenceFile> files,
                                   UUID actorId, String clientIp) {

    public enum Answer { SAVE_EVIDENCE, SUBMIT_EVIDENCE, ACCEPT }

    public static final int MAX_FILES = 4;
    /** Stripe takes at most 4.5 MB of evidence files per dispute. */
    public static final long MAX_TOTAL_BYTES = 4_500_000;

    public record EvidenceFile(String name, byte[] content) {

        public EvidenceFile {
            Objects.requireNonNull(content);
            name = name == null || name.isBlank() ? "evidence" : name.replaceAll("[^A-Za-z0-9._-]", "_");
            if (name.length() > 100) {
                name = name.substring(name.length() - 100);
            }
        }
    }

    public AnswerDisputeCommand {
        Objects.requireNonNull(disputeId);
        Objects.requireNonNull(answer);
        Objects.requireNonNull(actorId);
        files = files == null ? List.of() : List.copyOf(files);
    }
}
