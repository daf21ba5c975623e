package org.medbook.chat.application;

import java.time.Clock;
import java.util.UUID;

import org.medbook.chat.domain.Conversation;
import org.medbook.chat.domain.Conversations;
import org.medbook.shared.MedbookException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The doctor closes a conversation (read-only after) or reopens it. */
@Service
public class CloseConversationHandler {

    private final Conversations conversations;
    private final ChatQueries queries;
    private final Clock clock;

    CloseConversationHandler(Conversations conversations, ChatQueries queries, Clock clock) {
        this.conversations = conversations;
        this.queries = queries;
        this.clock = clock;
    }

    @Transactional
    public ConversationView handle(UUID conversationId, UUID doctorId, boolean close) {
        Conversation conversation = conversations.lock(conversationId)
                .orElseThrow(() -> MedbookException.notFound("Conversation"));
        if (close) {
            conversation.close(doctorId);
        } else {
            conversation.reopen(doctorId);
        }
        conversations.updateStatus(conversation, clock.instant());
        return queries.conversation(conversationId, doctorId).orElseThrow();
    }
}
