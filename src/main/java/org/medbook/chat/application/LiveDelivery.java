package org.medbook.chat.application;

import java.util.List;

import org.medbook.chat.domain.Conversation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Pushes a conversation's messages to both participants in seq order and once, always after they
 * committed, whichever node stored them.
 * <p>
 * Each sender pushing after its own commit would push in whatever order racing threads (or nodes)
 * reach the broker. Instead every push goes through the conversation's cursor ({@link PushCursors}),
 * the last seq pushed: its holder pushes every committed message after it, in seq order, moves it
 * on, and lets go only once those pushes can no longer be overtaken ({@link ChatPushes#inOrder}), so
 * the next holder's pushes, from whichever node, arrive after them. Messages commit in seq order (a
 * sender holds the conversation's row from taking its seq to its commit), so what a holder reads
 * after the cursor is a gap-free run.
 * <p>
 * Nobody waits for the cursor: a sender that finds it held leaves at once, and the holder, after
 * letting go, looks again for messages committed meanwhile and pushes them too (a message committed
 * before a sender found the cursor held is committed before its holder lets go, so the holder's look
 * afterwards sees it). Under a race one sender thus pushes for the others in batches, instead of
 * every sender queueing (with a pooled connection) behind the one before. Without a race, the
 * sender's own message is the next one and costs one {@code UPDATE} and a one-row read, no read of
 * messages.
 */
@Component
class LiveDelivery {

    private static final Logger log = LoggerFactory.getLogger(LiveDelivery.class);

    private static final int PAGE = 200;
    private static final int TIMEOUT_SECONDS = 10;

    private final PushCursors cursors;
    private final ChatQueries queries;
    private final ChatPushes pushes;
    private final TransactionTemplate transaction;

    LiveDelivery(PushCursors cursors, ChatQueries queries, ChatPushes pushes,
            PlatformTransactionManager transactionManager) {
        this.cursors = cursors;
        this.queries = queries;
        this.pushes = pushes;
        this.transaction = new TransactionTemplate(transactionManager);
        this.transaction.setTimeout(TIMEOUT_SECONDS);
    }

    /**
     * The message has committed: it is pushed, with every message before it not pushed yet, by this
     * call or by the cursor's holder. A failure here is logged, never thrown: the message is stored,
     * the next message's push carries it late, and a client that resumes from its last seq gets it.
     */
    void committed(Conversation conversation, MessageView message) {
        try {
            Long at = transaction.execute(status -> pushFirst(conversation, message));
            while (at != null && at >= 0 && cursors.behind(conversation.id())) {
                Long next = transaction.execute(status -> pushDue(conversation));
                // no progress although behind: leave it to the next message rather than spin
                at = next != null && next > at ? next : null;
            }
        } catch (RuntimeException e) {
            log.warn("Live push of message {} of conversation {} failed; it goes out with the next one: {}",
                    message.seq(), conversation.id(), e.toString());
        }
    }

    /** Where this call left the cursor it held (so it must look again after letting go), or -1 when it held none. */
    private long pushFirst(Conversation conversation, MessageView message) {
        if (cursors.claimNext(conversation.id(), message.seq())) {
            pushes.inOrder(conversation, List.of(message));
            return message.seq();
        }
        return pushDue(conversation);
    }

    private long pushDue(Conversation conversation) {
        var cursor = cursors.tryHold(conversation.id());
        if (cursor.isEmpty()) {
            return -1;
        }
        long pushed = cursor.getAsLong();
        HistoryView due;
        do {
            due = queries.history(conversation.id(), pushed, null, PAGE);
            if (!due.items().isEmpty()) {
                pushes.inOrder(conversation, due.items());
                pushed = due.items().getLast().seq();
            }
        } while (due.hasMore());
        if (pushed > cursor.getAsLong()) {
            cursors.moveTo(conversation.id(), pushed);
        }
        return pushed;
    }
}
