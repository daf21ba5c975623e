package org.medbook.chat.application;

import java.util.List;
import java.util.UUID;

import org.medbook.chat.domain.Conversation;
import org.medbook.chat.domain.ReceiptAdvanced;
import org.medbook.shared.realtime.OrderedUserMessages;
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
    private final OrderedUserMessages ordered;

    ChatPushes(UserMessages users, OrderedUserMessages ordered) {
        this.users = users;
        this.ordered = ordered;
    }

    /** A signal about a conversation: READ, DELIVERED, TYPING, or CLOSED and OPEN when the doctor changed its status. */
    public record ChatSignal(String type, UUID conversationId, UUID readerId, Long upToSeq) {
    }

    void message(MessageView message, UUID to) {
        users.send(to, MESSAGES, message);
    }

    /**
     * A conversation's messages to both participants, arriving in the order given whichever node
     * sends the next ones; only from {@link LiveDelivery}, which gives them in seq order.
     */
    void inOrder(Conversation conversation, List<MessageView> messages) {
        ordered.sendInOrder(List.of(conversation.patientId(), conversation.doctorId()), MESSAGES, messages);
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
