package org.medbook.shared.realtime;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Pushes that must reach every socket in the order they were sent, whichever node sends them (a
 * conversation's messages). Like {@link UserMessages}, best effort: a user with no open socket
 * misses them, so callers store what matters first.
 */
public interface OrderedUserMessages {

    /**
     * Sends each payload, in list order, to every socket of {@code users} subscribed to
     * {@code /user/queue/<queue>}, and returns once nothing sent afterwards, by this node or another,
     * can reach those sockets before them (or after a bounded wait, when the broker does not answer).
     * A caller that lets the next sender go only after this returns keeps its pushes in order.
     */
    void sendInOrder(Collection<UUID> users, String queue, List<?> payloads);
}
