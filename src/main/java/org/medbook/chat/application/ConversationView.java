package org.medbook.chat.application;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One conversation as one of its participants sees it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConversationView(UUID id, UUID patientId, UUID doctorId, Party otherParty, String status, long lastSeq,
                               MessageView lastMessage, long unreadCount, long readUpToSeq, long deliveredUpToSeq,
                               Instant activityAt) {

    public record Party(UUID id, String name) {
    }
}
