package org.medbook.payments.application;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.nio.charset.StandardCharsets;

import org.medbook.payments.PaymentEvents;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Three days before a dispute's evidence is due, staff who handle disputes are reminded, once. */
@Component
class DisputeDeadlines {

    static final Duration AHEAD = Duration.ofDays(3);

    private final DisputeStore disputes;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transaction;
    private final Clock clock;

    DisputeDeadlines(DisputeStore disputes, ApplicationEventPublisher events, PlatformTransactionManager transactions,
            Clock clock) {
        this.disputes = disputes;
        this.events = events;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${medbook.payments.dispute-reminders-every:PT10M}", initialDelayString = "PT5S")
    void remind() {
        transaction.executeWithoutResult(status -> {
            Instant now = clock.instant();
            List<DisputeStore.DisputeView> due = disputes.takeDueSoon(now, now.plus(AHEAD), 200);
            due.forEach(d -> events.publishEvent(new PaymentEvents.DisputeDueSoon(
                    UUID.nameUUIDFromBytes(("dispute-due:" + d.id()).getBytes(StandardCharsets.UTF_8)), now, d.id(),
                    d.paymentId(), d.evidenceDueBy())));
        });
    }
}
