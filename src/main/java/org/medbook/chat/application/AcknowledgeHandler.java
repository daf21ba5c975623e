package org.medbook.chat.application;

import java.util.Optional;
import java.util.UUID;

import org.medbook.chat.domain.Conversation;
import org.medbook.chat.domain.Conversations;
import org.medbook.chat.domain.ReceiptAdvanced;
import org.medbook.chat.domain.ReceiptKind;
import org.medbook.shared.MedbookException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Read and delivery receipts: marks only move forward; the other participant hears of each move. */
@Service
public class AcknowledgeHandler {

    private final Conversations conversations;
    private final ChatQueries queries;
    private final ChatPushes pushes;
    private final TransactionTemplate transaction;

    AcknowledgeHandler(Conversations conversations, ChatQueries queries, ChatPushes pushes,
            PlatformTransactionManager transactionManager) {
        this.conversations = conversations;
        this.queries = queries;
        this.pushes = pushes;
        this.transaction = new TransactionTemplate(transactionManager);
    }

    /** Where the reader's marks stand afterwards. */
    public record ReceiptView(UUID conversationId, UUID readerId, String type, long upToSeq, long unreadCount) {
    }

    public ReceiptView handle(AcknowledgeCommand command) {
        Optional<ReceiptAdvanced> advanced = transaction.execute(status -> {
            Conversation conversation = conversations.lock(command.conversationId())
                    .orElseThrow(() -> MedbookException.notFound("Conversation"));
            Optional<ReceiptAdvanced> moved = conversation.acknowledge(command.readerId(), command.kind(), command.upToSeq());
            moved.ifPresent(receipt -> conversations.updateMarks(conversation, command.readerId()));
            return moved;
        });
        advanced.ifPresent(pushes::receipt);
        ConversationView now = queries.conversation(command.conversationId(), command.readerId()).orElseThrow();
        long mark = command.kind() == ReceiptKind.READ ? now.readUpToSeq() : now.deliveredUpToSeq();
        return new ReceiptView(command.conversationId(), command.readerId(), command.kind().name(), mark, now.unreadCount());
    }
}
