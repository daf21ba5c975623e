package org.medbook.chat.application;

import java.util.Objects;
import java.util.UUID;

import org.medbook.chat.domain.ChatRole;
import org.medbook.shared.MedbookException;

/** A patient opens a conversation with a doctor, or a doctor with a patient. */
public record OpenConversationCommand(UUID callerId, ChatRole callerRole, UUID otherId) {

    public OpenConversationCommand {
        Objects.requireNonNull(callerId);
        Objects.requireNonNull(callerRole);
        if (otherId == null) {
            throw MedbookException.badInput("validation-failed", callerRole == ChatRole.PATIENT
                    ? "doctorId is required" : "patientId is required");
        }
    }

    UUID patientId() {
        return callerRole == ChatRole.PATIENT ? callerId : otherId;
    }

    UUID doctorId() {
        return callerRole == ChatRole.DOCTOR ? callerId : otherId;
    }
}
