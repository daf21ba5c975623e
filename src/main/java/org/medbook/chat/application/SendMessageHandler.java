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
        Outcome outcome;
        try {
            outcome = transaction.execute(status -> store(command));
        } catch (MedbookException refused) {
            if (!"chat-rate-limited".equals(refused.slug())) {
                // the permit went back with the rollback: a refused attempt still counts
                rateLimiter.acquire(sendBucket(command));
            }
            throw refused;
        }
        MessageView view = viewOf(outcome.message());
        if (outcome.duplicate()) {
            pushes.message(view, command.senderId());
        } else {
            delivery.committed(outcome.conversation(), view);
        }
        return view;
    }

    private Map<String, RateLimit> sendBucket(SendMessageCommand command) {
        return Map.of("chat:send:" + command.senderId(), sendLimit);
    }

    private MessageView viewOf(ChatMessage message) {
        if (!message.attachmentIds().isEmpty()) {
            // the files' names and types are stored with them
            return queries.messages(List.of(message.id())).getFirst();
        }
        return new MessageView(message.id(), message.conversationId(), message.seq(), message.senderId(),
                message.clientMessageId(), message.body(), List.of(), message.sentAt());
    }

    /**
     * One transaction, one durable commit: the sender's permit, the conversation's row (with any
     * earlier message under the same client id), the sender's standing, the message.
     */
    private Outcome store(SendMessageCommand command) {
        RateLimiter.Decision decision = rateLimiter.acquireWithin(sendBucket(command));
        if (!decision.allowed()) {
            throw MedbookException.tooManyRequests("chat-rate-limited",
                    "You are sending messages too fast; wait a moment", decision.retryAfter());
        }
        Conversations.Locked locked = conversations.lockForMessage(command.conversationId(), command.senderId(),
                        command.clientMessageId().value())
                .orElseThrow(() -> MedbookException.notFound("Conversation"));
        if (locked.earlier().isPresent()) {
            return resent(command, locked.earlier().get(), locked.conversation());
        }
        Conversation conversation = locked.conversation();
        conversation.roleOf(command.senderId());
        UserContacts.Contact sender = contacts.find(List.of(command.senderId())).get(command.senderId());
        if (sender == null || !sender.active()) {
            throw new MedbookException(ProblemKind.FORBIDDEN, "account-suspended",
                    "A suspended account cannot send messages");
        }
        // what timestamptz keeps, so the answer and every later read say the same instant
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        ChatMessage message = conversation.post(command.senderId(), command.clientMessageId(), command.body(),
                command.attachmentIds(), now);
        if (!conversations.append(conversation, message)) {
            // a resend that raced its original, which committed meanwhile
            ChatMessage original = messages.findByClientId(command.senderId(), command.clientMessageId().value())
                    .orElseThrow();
            return resent(command, original, conversation);
        }
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

    private static Outcome resent(SendMessageCommand command, ChatMessage original, Conversation conversation) {
        if (!original.conversationId().equals(command.conversationId())) {
            throw new MedbookException(ProblemKind.CONFLICT, "client-message-id-reused",
                    "This clientMessageId already names one of your messages in another conversation");
        }
        return new Outcome(original, conversation, true);
    }
}
