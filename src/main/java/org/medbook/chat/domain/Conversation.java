package org.medbook.chat.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.medbook.shared.MedbookException;
import org.medbook.shared.ProblemKind;

/**
 * One patient and one doctor talking. It hands out each message's place ({@code seq}: 1, 2, 3 ...)
 * and keeps how far each side has received and read. Only its two participants see it: to anybody
 * else it does not exist.
 */
public final class Conversation {

    private final UUID id;
    private final UUID patientId;
    private final UUID doctorId;
    private ConversationStatus status;
    private long lastSeq;
    private long patientReadSeq;
    private long doctorReadSeq;
    private long patientDeliveredSeq;
    private long doctorDeliveredSeq;

    public Conversation(UUID id, UUID patientId, UUID doctorId, ConversationStatus status, long lastSeq,
            long patientReadSeq, long doctorReadSeq, long patientDeliveredSeq, long doctorDeliveredSeq) {
        this.id = id;
        this.patientId = patientId;
        this.doctorId = doctorId;
        this.status = status;
        this.lastSeq = lastSeq;
        this.patientReadSeq = patientReadSeq;
        this.doctorReadSeq = doctorReadSeq;
        this.patientDeliveredSeq = patientDeliveredSeq;
        this.doctorDeliveredSeq = doctorDeliveredSeq;
    }

    public static Conversation open(UUID patientId, UUID doctorId) {
        if (patientId.equals(doctorId)) {
            throw new MedbookException(ProblemKind.RULE_BROKEN, "self-conversation", "Nobody can chat with themselves");
        }
        return new Conversation(UUID.randomUUID(), patientId, doctorId, ConversationStatus.OPEN, 0, 0, 0, 0, 0);
    }

    /** Who the user is here; a stranger learns nothing, not even that the conversation exists. */
    public ChatRole roleOf(UUID userId) {
        return participantRole(userId).orElseThrow(() -> MedbookException.notFound("Conversation"));
    }

    public Optional<ChatRole> participantRole(UUID userId) {
        if (patientId.equals(userId)) {
            return Optional.of(ChatRole.PATIENT);
        }
        if (doctorId.equals(userId)) {
            return Optional.of(ChatRole.DOCTOR);
        }
        return Optional.empty();
    }

    public UUID otherThan(UUID userId) {
        return roleOf(userId) == ChatRole.PATIENT ? doctorId : patientId;
    }

    /** Takes the next place for a message of a participant; a closed conversation takes none. */
    public ChatMessage post(UUID senderId, ClientMessageId clientMessageId, MessageBody body, List<UUID> attachmentIds,
            Instant now) {
        roleOf(senderId);
        if (status == ConversationStatus.CLOSED) {
            throw new MedbookException(ProblemKind.RULE_BROKEN, "conversation-closed",
                    "The doctor closed this conversation; it is read-only until they reopen it");
        }
        lastSeq++;
        return new ChatMessage(UUID.randomUUID(), id, lastSeq, senderId, clientMessageId.value(), body.text(),
                attachmentIds, now);
    }

    /**
     * Moves the reader's mark up to {@code upToSeq}, never back. Reading implies receiving. Empty when
     * nothing moved (an older or repeated receipt).
     */
    public Optional<ReceiptAdvanced> acknowledge(UUID readerId, ReceiptKind kind, long upToSeq) {
        ChatRole role = roleOf(readerId);
        if (upToSeq < 0 || upToSeq > lastSeq) {
            throw new MedbookException(ProblemKind.RULE_BROKEN, "seq-out-of-range",
                    "upToSeq must be between 0 and the conversation's last seq, " + lastSeq);
        }
        long before = mark(role, kind);
        if (upToSeq <= before) {
            return Optional.empty();
        }
        if (role == ChatRole.PATIENT) {
            patientDeliveredSeq = Math.max(patientDeliveredSeq, upToSeq);
            if (kind == ReceiptKind.READ) {
                patientReadSeq = upToSeq;
            }
        } else {
            doctorDeliveredSeq = Math.max(doctorDeliveredSeq, upToSeq);
            if (kind == ReceiptKind.READ) {
                doctorReadSeq = upToSeq;
            }
        }
        return Optional.of(new ReceiptAdvanced(kind, id, readerId, otherThan(readerId), upToSeq));
    }

    public void close(UUID by) {
        requireDoctor(by, "close");
        status = ConversationStatus.CLOSED;
    }

    public void reopen(UUID by) {
        requireDoctor(by, "reopen");
        status = ConversationStatus.OPEN;
    }

    private void requireDoctor(UUID userId, String action) {
        if (roleOf(userId) != ChatRole.DOCTOR) {
            throw new MedbookException(ProblemKind.FORBIDDEN, "doctor-only",
                    "Only the doctor can " + action + " a conversation");
        }
    }

    private long mark(ChatRole role, ReceiptKind kind) {
        if (role == ChatRole.PATIENT) {
            return kind == ReceiptKind.READ ? patientReadSeq : patientDeliveredSeq;
        }
        return kind == ReceiptKind.READ ? doctorReadSeq : doctorDeliveredSeq;
    }

    public long readSeqOf(UUID userId) {
        return mark(roleOf(userId), ReceiptKind.READ);
    }

    public UUID id() {
        return id;
    }

    public UUID patientId() {
        return patientId;
    }

    public UUID doctorId() {
        return doctorId;
    }

    public ConversationStatus status() {
        return status;
    }

    public long lastSeq() {
        return lastSeq;
    }

    public long patientReadSeq() {
        return patientReadSeq;
    }

    public long doctorReadSeq() {
        return doctorReadSeq;
    }

    public long patientDeliveredSeq() {
        return patientDeliveredSeq;
    }

    public long doctorDeliveredSeq() {
        return doctorDeliveredSeq;
    }
}
