package org.medbook.chat.infrastructure;

import java.util.UUID;

import org.medbook.chat.application.Presence;
import org.springframework.messaging.simp.user.SimpUserRegistry;
import org.springframework.stereotype.Component;

/**
 * Who is connected, from the STOMP user registry: this node's sessions and, behind the RabbitMQ
 * relay, the other nodes' too (they broadcast their users every few seconds). The digest waits
 * longer than that before it relies on the answer.
 */
@Component
class RegistryPresence implements Presence {

    private final SimpUserRegistry registry;

    RegistryPresence(SimpUserRegistry registry) {
        this.registry = registry;
    }

    @Override
    public boolean online(UUID userId) {
        var user = registry.getUser(userId.toString());
        return user != null && user.hasSessions();
    }
}
