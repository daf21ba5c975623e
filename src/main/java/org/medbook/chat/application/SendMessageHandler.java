package org.medbook.chat.application;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.medbook.chat.domain.ChatMessage;
import org.medbook.chat.domain.ChatMessages;
import org.medbook.chat.domain.Conversation;
import org.medbook.chat.domain.Conversations;
import org.medbook.identity.UserContacts;
import org.medbook.shared.MedbookException;
import org.medbook.shared.ProblemKind;
import org.medbook.shared.ratelimit.RateLimit;
import org.medbook.shared.ratelimit.RateLimiter;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores a message first, then pushes the stored copy to both participants (the sender's copy is
 * its acknowledgement) through {@link LiveDelivery}, which keeps each conversation's pushes in seq
 * order. A resend with the same client id stores nothing and answers the original to its sender.
 */
@Service
public class SendMessageHandler {

    private final Conversations conversations;
    private final ChatMessages messages;
    private final Attachments attachments;
    private final ChatQueries queries;
    private final Digests digests;
    private final Presence presence;
    private final ChatPushes pushes;
    private final LiveDelivery delivery;
    private final RateLimiter rateLimiter;
    private final UserContacts contacts;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final RateLimit sendLimit;

    SendMessageHandler(Conversations conversations, ChatMessages messages, Attachments attachments, ChatQueries queries,
            Digests digests, Presence presence, ChatPushes pushes, LiveDelivery delivery, RateLimiter rateLimiter, UserContacts contacts,
            ChatProperties properties, PlatformTransactionManager transactionManager, Clock clock) {
        this.conversations = conversations;
        this.messages = messages;
        this.attachments = attachments;
        this.queries = queries;
        this.digests = digests;
        this.presence = presence;
        this.pushes = pushes;
        this.delivery = delivery;
        this.rateLimiter = rateLimiter;
        this.contacts = contacts;
        this.transaction = new TransactionTemplate(transactionManager);
        this.clock = clock;
        this.sendLimit = new RateLimit("chat-send", properties.sendPermits(), properties.sendPeriod());
    }

    private record Outcome(ChatMessage message, Conversation conversation, boolean duplicate) {
    }

    public MessageView handle(SendMessageCommand command) {
        RateLimiter.Decision decision = rateLimiter.acquire(Map.of("chat:send:" + command.senderId(), sendLimit));
        if (!decision.allowed()) {
            throw MedbookException.tooManyRequests("chat-rate-limited",
                    "You are sending messages too fast; wait a moment", decision.retryAfter());
        }
        Outcome outcome = transaction.execute(status -> store(command));
        MessageView view = viewOf(outcome.message());
        if (outcome.duplicate()) {
            pushes.message(view, command.senderId());
        } else {
            delivery.committed(outcome.conversation(), view);
        }
        return view;
    }

    private MessageView viewOf(ChatMessage message) {
        if (!message.attachmentIds().isEmpty()) {
            // the files' names and types are stored with them
            return queries.messages(List.of(message.id())).getFirst();
        }
        return new MessageView(message.id(), message.conversationId(), message.seq(), message.senderId(),
                message.clientMessageId(), message.body(), List.of(), message.sentAt());
    }

    private Outcome store(SendMessageCommand command) {
        var earlier = original(command);
        if (earlier != null) {
            return earlier;
        }
        Conversation conversation = conversations.lock(command.conversationId())
                .orElseThrow(() -> MedbookException.notFound("Conversation"));
        conversation.roleOf(command.senderId());
        // a resend that raced the original waited for its lock: now it sees it
        earlier = original(command);
        if (earlier != null) {
            return earlier;
        }
        UserContacts.Contact sender = contacts.find(List.of(command.senderId())).get(command.senderId());
        if (sender == null || !sender.active()) {
            throw new MedbookException(ProblemKind.FORBIDDEN, "account-suspended",
                    "A suspended account cannot send messages");
        }
        // what timestamptz keeps, so the answer and every later read say the same instant
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        ChatMessage message = conversation.post(command.senderId(), command.clientMessageId(), command.body(),
                command.attachmentIds(), now);
        conversations.append(conversation, message);
        if (!command.attachmentIds().isEmpty()
                && !attachments.bind(command.attachmentIds(), conversation.id(), command.senderId(), message.id())) {
            throw new MedbookException(ProblemKind.RULE_BROKEN, "attachment-unavailable",
                    "Every attachment must be a file you uploaded to this conversation and not sent yet");
        }
        UUID recipient = conversation.otherThan(command.senderId());
        if (!presence.online(recipient)) {
            digests.missed(conversation.id(), recipient, now);
        }
        return new Outcome(message, conversation, false);
    }

    private Outcome original(SendMessageCommand command) {
        return messages.findByClientId(command.senderId(), command.clientMessageId().value()).map(original -> {
            if (!original.conversationId().equals(command.conversationId())) {
                throw new MedbookException(ProblemKind.CONFLICT, "client-message-id-reused",
                        "This clientMessageId already names one of your messages in another conversation");
            }
            Conversation conversation = conversations.find(original.conversationId()).orElseThrow();
            return new Outcome(original, conversation, true);
        }).orElse(null);
    }
}
