package org.medbook.chat.application;

import java.time.Clock;
import java.util.UUID;

import org.medbook.chat.domain.Conversation;
import org.medbook.chat.domain.Conversations;
import org.medbook.shared.MedbookException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The doctor closes a conversation (read-only after) or reopens it. */
@Service
public class CloseConversationHandler {

    private final Conversations conversations;
    private final ChatQueries queries;
    private final ChatPushes pushes;
    private final TransactionTemplate transaction;
    private final Clock clock;

    CloseConversationHandler(Conversations conversations, ChatQueries queries, ChatPushes pushes,
            PlatformTransactionManager transactions, Clock clock) {
        this.conversations = conversations;
        this.queries = queries;
        this.pushes = pushes;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /** Both participants hear of it on their chat events after the commit, so an open chat window turns read-only. */
    public ConversationView handle(UUID conversationId, UUID doctorId, boolean close) {
        Conversation conversation = transaction.execute(status -> {
            Conversation locked = conversations.lock(conversationId)
                    .orElseThrow(() -> MedbookException.notFound("Conversation"));
            if (close) {
                locked.close(doctorId);
            } else {
                locked.reopen(doctorId);
            }
            conversations.updateStatus(locked, clock.instant());
            return locked;
        });
        pushes.statusChanged(conversation, doctorId);
        return queries.conversation(conversationId, doctorId).orElseThrow();
    }
}
