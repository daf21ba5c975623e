package org.medbook.chat.application;

import java.util.UUID;

import org.medbook.chat.domain.Conversation;
import org.medbook.chat.domain.ReceiptAdvanced;
import org.medbook.shared.realtime.UserMessages;
import org.springframework.stereotype.Component;

/**
 * Real-time delivery, always after the commit of what it announces: messages on
 * {@code /user/queue/messages}, receipts and typing on {@code /user/queue/chat-events}.
 */
@Component
public class ChatPushes {

    public static final String MESSAGES = "messages";
    public static final String EVENTS = "chat-events";

    private final UserMessages users;

    ChatPushes(UserMessages users) {
        this.users = users;
    }

    /** A signal about a conversation: READ, DELIVERED, TYPING, or CLOSED and OPEN when the doctor changed its status. */
    public record ChatSignal(String type, UUID conversationId, UUID readerId, Long upToSeq) {
    }

    void message(MessageView message, UUID to) {
        users.send(to, MESSAGES, message);
    }

    void receipt(ReceiptAdvanced receipt) {
        users.send(receipt.otherParticipant(), EVENTS,
                new ChatSignal(receipt.kind().name(), receipt.conversationId(), receipt.readerId(), receipt.upToSeq()));
    }

    void statusChanged(Conversation conversation, UUID by) {
        ChatSignal signal = new ChatSignal(conversation.status().name(), conversation.id(), by, null);
        users.send(conversation.patientId(), EVENTS, signal);
        users.send(conversation.doctorId(), EVENTS, signal);
    }

    void typing(UUID conversationId, UUID typist, UUID to) {
        users.send(to, EVENTS, new ChatSignal("TYPING", conversationId, typist, null));
    }
}
