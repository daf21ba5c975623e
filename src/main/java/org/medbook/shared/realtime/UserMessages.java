package org.medbook.shared.realtime;

import java.util.UUID;

/**
 * Pushes a message to every STOMP session of one user, on {@code /user/queue/<queue>}, whichever
 * node holds the socket (through the broker relay when several nodes run). Best effort: a user with
 * no open socket simply misses it, so callers store what matters first.
 */
public interface UserMessages {

    void send(UUID userId, String queue, Object payload);
}
