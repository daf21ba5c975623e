package org.medbook.shared;

import java.time.Duration;

import org.springframework.modulith.events.CompletedEventPublications;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the outbox (Modulith's event publication registry) moving: publications whose listener
 * failed are resubmitted, and completed ones are pruned. Listeners are idempotent, so two nodes
 * resubmitting the same publication is harmless.
 */
@Component
@EnableScheduling
class OutboxMaintenance {

    private final IncompleteEventPublications incomplete;
    private final CompletedEventPublications completed;

    OutboxMaintenance(IncompleteEventPublications incomplete, CompletedEventPublications completed) {
        this.incomplete = incomplete;
        this.completed = completed;
    }

    @Scheduled(fixedDelayString = "${medbook.outbox.resubmit-every:PT1M}", initialDelayString = "PT1M")
    void resubmitStalled() {
        incomplete.resubmitIncompletePublicationsOlderThan(Duration.ofMinutes(2));
    }

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
    void pruneCompleted() {
        completed.deletePublicationsOlderThan(Duration.ofDays(7));
    }
}
