package org.medbook.shared;

import java.time.Duration;
import java.time.Instant;

import org.springframework.modulith.events.FailedEventPublications;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.modulith.events.ResubmissionOptions;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the outbox (Modulith's event publication registry) moving: publications whose listener
 * failed are resubmitted. Completed ones are deleted as they complete ({@code completion-mode: delete}).
 * Listeners are idempotent, so two nodes resubmitting the same publication is harmless.
 */
@Component
@EnableScheduling
class OutboxMaintenance {

    private final IncompleteEventPublications incomplete;
    private final FailedEventPublications failed;

    OutboxMaintenance(IncompleteEventPublications incomplete, FailedEventPublications failed) {
        this.incomplete = incomplete;
        this.failed = failed;
    }

    /** Listeners that failed are retried after a minute, a bounded number at a time. */
    @Scheduled(fixedDelayString = "${medbook.outbox.resubmit-every:PT1M}", initialDelayString = "PT1M")
    void resubmitFailed() {
        failed.resubmit(ResubmissionOptions.defaults().withMinAge(Duration.ofMinutes(1)).withMaxInFlight(20));
    }

    /**
     * Publications never picked up (a node stopped before its listener ran) or stuck in processing
     * (a node died mid-way) are resubmitted once they are clearly abandoned, not while a long
     * listener is still at work.
     */
    @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT5M")
    void resubmitAbandoned() {
        Instant now = Instant.now();
        incomplete.resubmitIncompletePublications(publication -> switch (publication.getStatus()) {
            case PUBLISHED, RESUBMITTED -> publication.getPublicationDate().isBefore(now.minus(Duration.ofMinutes(10)));
            case PROCESSING -> publication.getPublicationDate().isBefore(now.minus(Duration.ofHours(1)));
            default -> false;
        });
    }
}
