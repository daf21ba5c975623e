package org.medbook.chat.application;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.medbook.chat.ChatEvents;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Announces messages waiting for a participant who had no open socket: once the first missed
 * message is {@code digestDelay} old, and at most once per conversation and recipient per
 * {@code digestWindow}, naming how many wait. Any node may run it; rows are claimed with SKIP LOCKED.
 */
@Component
public class DigestWorker {

    private static final int BATCH = 200;

    private final Digests digests;
    private final Presence presence;
    private final ApplicationEventPublisher events;
    private final ChatProperties properties;
    private final TransactionTemplate transaction;
    private final Clock clock;

    DigestWorker(Digests digests, Presence presence, ApplicationEventPublisher events, ChatProperties properties,
            PlatformTransactionManager transactionManager, Clock clock) {
        this.digests = digests;
        this.presence = presence;
        this.events = events;
        this.properties = properties;
        this.transaction = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${medbook.chat.digest-every:PT15S}", initialDelayString = "${medbook.chat.digest-every:PT15S}")
    public void sendDue() {
        int handled;
        do {
            handled = transaction.execute(status -> batch());
        } while (handled == BATCH);
    }

    private int batch() {
        Instant now = clock.instant();
        List<Digests.Due> due = digests.lockDue(now.minus(properties.digestDelay()), now.minus(properties.digestWindow()),
                BATCH);
        for (Digests.Due digest : due) {
            if (digest.unread() > 0 && !presence.online(digest.recipientId())) {
                events.publishEvent(new ChatEvents.UnreadMessagesWaiting(UUID.randomUUID(), now, digest.conversationId(),
                        digest.recipientId(), digest.otherParticipant(), digest.unread()));
                digests.sent(digest.conversationId(), digest.recipientId(), now);
            } else {
                digests.dropped(digest.conversationId(), digest.recipientId());
            }
        }
        return due.size();
    }
}
