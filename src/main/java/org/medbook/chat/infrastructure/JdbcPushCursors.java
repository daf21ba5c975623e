package org.medbook.chat.infrastructure;

import java.util.OptionalLong;
import java.util.UUID;

import org.medbook.chat.application.PushCursors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The cursors are rows of {@code chat_push_cursors}; holding one is holding its row lock, taken with
 * {@code SKIP LOCKED} so nobody queues behind a pusher. Their transactions commit without waiting
 * for the disk (each message pays one such commit): a cursor's move lost in a database crash only
 * means a few messages are pushed again after it, and clients tell a repeat by its seq.
 */
@Repository
class JdbcPushCursors implements PushCursors {

    /**
     * {@code SET LOCAL synchronous_commit = off} as a condition of the statement that takes the
     * cursor, saving a round trip: a row is only taken (and anything written) when every condition
     * held, so whenever this transaction has something to commit the setting is in force.
     */
    private static final String WITHOUT_WAITING_FOR_THE_DISK =
            "set_config('synchronous_commit', 'off', true) IS NOT NULL";

    private final JdbcClient jdbc;

    JdbcPushCursors(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean claimNext(UUID conversationId, long seq) {
        return jdbc.sql("""
                UPDATE chat_push_cursors SET pushed_seq = :seq
                WHERE conversation_id = (SELECT conversation_id FROM chat_push_cursors
                                         WHERE conversation_id = :id AND pushed_seq = :seq - 1
                                         FOR UPDATE SKIP LOCKED)
                  AND %s
                """.formatted(WITHOUT_WAITING_FOR_THE_DISK)).param("seq", seq).param("id", conversationId).update() == 1;
    }

    @Override
    public OptionalLong tryHold(UUID conversationId) {
        return jdbc.sql("SELECT pushed_seq FROM chat_push_cursors WHERE conversation_id = :id AND "
                        + WITHOUT_WAITING_FOR_THE_DISK + " FOR UPDATE SKIP LOCKED")
                .param("id", conversationId).query(Long.class).optional()
                .map(OptionalLong::of).orElse(OptionalLong.empty());
    }

    @Override
    public void moveTo(UUID conversationId, long seq) {
        jdbc.sql("UPDATE chat_push_cursors SET pushed_seq = :seq WHERE conversation_id = :id")
                .param("seq", seq).param("id", conversationId).update();
    }

    @Override
    public boolean behind(UUID conversationId) {
        return jdbc.sql("""
                SELECT c.last_seq > p.pushed_seq FROM conversations c
                JOIN chat_push_cursors p ON p.conversation_id = c.id WHERE c.id = :id
                """).param("id", conversationId).query(Boolean.class).optional().orElse(false);
    }
}
