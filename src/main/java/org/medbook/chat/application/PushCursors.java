package org.medbook.chat.application;

import java.util.OptionalLong;
import java.util.UUID;

/**
 * Where each conversation's live delivery stands: the last seq pushed to its participants. Whoever
 * holds a cursor holds it until its transaction ends, so one pusher at a time, on any node; nobody
 * waits for a held cursor. A move may be lost if the database crashes: then a few messages are
 * pushed again, never skipped.
 */
public interface PushCursors {

    /**
     * Moves the cursor to {@code seq} and holds it when {@code seq} is the very next message to push
     * and nobody holds the cursor; false (holding nothing) otherwise.
     */
    boolean claimNext(UUID conversationId, long seq);

    /** The last seq pushed, the cursor then held; empty, at once, when somebody else holds it. */
    OptionalLong tryHold(UUID conversationId);

    /** Moves a held cursor on. */
    void moveTo(UUID conversationId, long seq);

    /** Whether messages have committed that the cursor has not reached (read without holding it). */
    boolean behind(UUID conversationId);
}
