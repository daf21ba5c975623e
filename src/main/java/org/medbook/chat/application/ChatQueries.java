package org.medbook.chat.application;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.medbook.shared.PageRequest;
import org.medbook.shared.PageView;

/** What participants read; never writes. */
public interface ChatQueries {

    /** The user's conversations, most recent activity first. */
    PageView<ConversationView> conversationsOf(UUID userId, PageRequest page);

    Optional<ConversationView> conversation(UUID conversationId, UUID userId);

    /**
     * Messages in seq order within ({@code afterSeq}, {@code beforeSeq}), either bound optional: the
     * first {@code limit} after {@code afterSeq}, or else the last {@code limit} before {@code beforeSeq}.
     */
    HistoryView history(UUID conversationId, Long afterSeq, Long beforeSeq, int limit);

    List<MessageView> messages(List<UUID> messageIds);

    /** Counts only, for the back office: it never reads a body. */
    ChatActivityView activityOf(UUID userId);

    record ChatActivityView(UUID userId, long conversations, long messagesSent, long attachmentsSent) {
    }
}
